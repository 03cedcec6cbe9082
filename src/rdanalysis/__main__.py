from rdanalysis.cli.main import main

main()
