"""Bytes -> typed cells: UTF-8, CSV shape, header, and each cell's type.

Parsing is deliberately narrower than Python's: `int("9_9")` is 99 and `int("٢٠١٥")` is 2015, and
`float("1e300")` is a number, but none of these is what an analyst typed into a data table, so a cell
must be plain ASCII digits. Text cells must not hide characters a reader cannot see (control
characters, bidirectional overrides, zero-width marks): they can make a label read differently from
what it holds.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata

import pandas as pd

from cbe_dash.schema import Field, Resource
from cbe_dash.validation_core import Problem

FORMULA_PREFIXES = ("=", "+", "-", "@")
PANDAS_DTYPES = {"integer": pd.Int64Dtype(), "number": pd.Float64Dtype(), "string": pd.StringDtype()}

_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_INT64_MAX = 2**63 - 1
#: Invisible characters that change how text reads: bidi embeddings/overrides/isolates and marks,
#: zero-width spaces and joiners, word joiner and invisible operators, the byte-order mark.
_INVISIBLE = frozenset(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
#: Control characters (Unicode category Cc) other than tab and line breaks, and the invisible ones.
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "".join(sorted(_INVISIBLE)) + "]")


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        byte = raw[err.start]
        return None, [Problem(file, line, "-", f"not valid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8")]


def parse_rows(text: str, res: Resource) -> tuple[list[str], list[tuple[int, list[str]]], list[Problem]]:
    """Split CSV text into header and (line, cells) rows, noting rows of the wrong width."""
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[Problem] = []
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    prev_end = 0
    try:
        for cells in reader:
            start, prev_end = prev_end + 1, reader.line_num
            if header is None:
                header = [c.strip() for c in cells]
                continue
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.append(Problem(res.path, start, "-", f"row has {len(cells)} cells, the header has {len(header)}"))
                continue
            rows.append((start, cells))
    except csv.Error as err:
        problems.append(Problem(res.path, reader.line_num, "-", f"unreadable CSV: {err}"))
    return header or [], rows, problems


def header_problems(header: list[str], res: Resource) -> list[Problem]:
    expected = res.field_names
    problems = [Problem(res.path, 1, name, "column is missing") for name in expected if name not in header]
    problems += [Problem(res.path, 1, _shown(name), "unexpected column (not in datapackage.json)")
                 for name in header if name not in expected]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(res.path, 1, _shown(name), "column appears twice"))
        seen.add(name)
    return problems


def _shown(text: str, limit: int = 60) -> str:
    """Text safe to echo in a message: invisible characters spelled out, long text cut."""
    out = "".join(f"U+{ord(c):04X}" if _hidden(c) else c for c in text[:limit])
    return out + ("..." if len(text) > limit else "")


def _hidden(char: str) -> bool:
    return char in _INVISIBLE or unicodedata.category(char) == "Cc"


def hidden_character_message(text: str) -> str | None:
    """Why `text` may not be data text, or None. Tabs and line breaks inside notes are allowed."""
    found = _HIDDEN.search(text)
    if found is None:
        return None
    char = found.group()
    if char in _INVISIBLE:
        return f"contains the invisible character U+{ord(char):04X} (bidi control or zero-width); remove it"
    return f"contains the control character U+{ord(char):04X}; remove it"


def convert(cell: str, field: Field) -> tuple[object, str | None]:
    """Typed value for one cell (None when blank) and an error message when it does not parse."""
    cell = cell.strip()
    if cell == "":
        return None, None
    if field.type == "integer":
        if not _INTEGER.fullmatch(cell):
            return None, f"'{_shown(cell)}' is not a whole number (digits 0-9 only)"
        value = int(cell)
        if abs(value) > _INT64_MAX:
            return None, f"'{_shown(cell)}' is too large for a whole number (at most 19 digits)"
        return value, None
    if field.type == "number":
        if not _NUMBER.fullmatch(cell):
            return None, f"'{_shown(cell)}' is not a plain decimal number (digits 0-9 and one '.', no exponent)"
        value = float(cell)
        if value in (float("inf"), float("-inf")):
            return None, f"'{_shown(cell)}' is too large"
        return value, None
    message = hidden_character_message(cell)
    if message:
        return None, message
    if cell.startswith(FORMULA_PREFIXES):
        return cell, f"starts with '{cell[0]}', which a spreadsheet would run as a formula"
    return cell, None


def typed_frame(header: list[str], rows: list[tuple[int, list[str]]], res: Resource) -> tuple[pd.DataFrame, list[Problem]]:
    """The table with one typed column per field, indexed by file line; cells that do not parse are NA."""
    problems: list[Problem] = []
    index = [line for line, _ in rows]
    columns: dict[str, pd.Series] = {}
    for field in res.fields:
        pos = header.index(field.name)
        values = []
        for line, cells in rows:
            value, error = convert(cells[pos], field)
            if error:
                problems.append(Problem(res.path, line, field.name, error))
            values.append(value)
        columns[field.name] = pd.Series(values, index=index, dtype=PANDAS_DTYPES.get(field.type, pd.StringDtype()))
    return pd.DataFrame(columns, index=pd.Index(index, name="line")), problems
