"""The names of the processed tables, in the order a build writes them.

A module of its own so that reading (``data.load``) does not import the build and its
validation stack (pandera, openpyxl).
"""

TABLES = [
    "observations",
    "rd_expenditure",
    "gdp",
    "rd_intensity",
    "population",
    "innovation",
    "enterprises",
    "sources",
    "overrides",
    "rd_split",
    "regions",
    "bounds",
    "reference_panel",
    "disagreements",
]
