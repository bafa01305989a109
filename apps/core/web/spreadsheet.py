"""CSV cells that spreadsheets cannot run: the one rule for every CSV the portal writes
(open data, the strategy's indicators, the skills map and the admin's export)."""

import re

# Spreadsheets run a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain signed number ("-12", "+2", "-1,234.5", "+5%", "-1e-05") is data, not a formula.
_NUMBER = re.compile(r"^[+-]?[0-9][0-9,]*(\.[0-9]+)?([eE][+-]?[0-9]+)?%?$")


def neutralise(value):
    """A text cell a spreadsheet would run as a formula, with a quote in front (as OWASP
    recommends); anything else, plain signed numbers included, as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.match(value):
        return "'" + value
    return value


def csv_cell(value):
    """One value as a CSV cell: lists joined, booleans spelled out, formulae defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    return neutralise(value)
