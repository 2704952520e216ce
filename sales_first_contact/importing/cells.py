"""Cells of an imported list that a spreadsheet would run as formulas.

A text cell beginning with ``= + - @`` (or a tab, a carriage return, ``{=``)
is a formula to Excel or LibreOffice when the list is exported again, and
``=`` or ``{=`` is one to Odoo's own XLSX export (xlsxwriter). Such a cell is
kept as text behind an apostrophe, as OWASP advises against CSV injection.
A phone number or a number (``+7 495 123-45-67``, ``-5``) and a lone dash are
data, not formulas, and are left as they are.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "{=")
_NUMBER = re.compile(r"[+-]?[\d\s().\-/]*\d[\d\s().\-/]*")
_DASHES = re.compile(r"[-\s]+")


def neutralize_formula(value):
    """``value`` with an apostrophe in front when it would be run as a formula."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _NUMBER.fullmatch(value)
        and not _DASHES.fullmatch(value)
    ):
        return "'" + value
    return value
