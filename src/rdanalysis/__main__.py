from rdanalysis.cli import main

main()
