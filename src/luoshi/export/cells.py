"""The one rule every exported cell goes through: text is never a formula.

Reports come from outside (downloaded pages, files sent by others), and a line of one can begin with
`=`, `+`, `-` or `@`. Written as is, it becomes a live formula in Excel or LibreOffice (`=HYPERLINK(…)`,
`=cmd|…`), in an .xlsx cell, in a CSV opened by double-click, or pasted from a Word table. Such text
gets a leading apostrophe, the spreadsheets' own mark for "this is text" (OWASP's advice for CSV
injection); numbers, dates and empty cells pass unchanged, and other text is left exactly as it was.

    text_cell("=1+2")  -> "'=1+2"       text_cell(12.5) -> 12.5       text_cell("新增就业") -> "新增就业"
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")

# What a spreadsheet may start a formula (or a DDE call) with: = + - @, their full-width forms, which
# some input methods and locales accept, and the tab and line breaks that can hide one.
FORMULA_STARTS = frozenset("=+-@＝＋－＠\t\r\n")
# Spaces a spreadsheet may drop before it looks at the first character.
LEADING_SPACE = " \u3000\u00a0"


def needs_quote(text: str) -> bool:
    """Whether `text` could be read as a formula."""
    if text[:1] in FORMULA_STARTS:
        return True
    rest = text.lstrip(LEADING_SPACE)
    return rest != text and rest[:1] in FORMULA_STARTS


def text_cell(value: T) -> T | str:
    """The value as it may be written in an exported cell (xlsx, csv, docx tables)."""
    if isinstance(value, str) and value and needs_quote(value):
        return "'" + value
    return value
