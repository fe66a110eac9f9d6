"""Check data files against the package descriptor and the cross-file rules.

Every problem is collected (never the first only) and reported as ``file:line: column: message`` so an
analyst can open the file at the right line. A table with any problem is withheld whole: a map must
never silently drop a row or draw a half-valid table.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from cbe_dash.schema import Field, Package, Resource

if TYPE_CHECKING:
    import pandera.pandas as pa

FORMULA_PREFIXES = ("=", "+", "-", "@")
_ENUM_LIST_LIMIT = 12
_PANDAS_DTYPES = {"integer": pd.Int64Dtype(), "number": pd.Float64Dtype(), "string": pd.StringDtype()}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place of one file."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


class DataValidationError(Exception):
    """Raised with every problem found, so all of them can be fixed in one pass."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(sorted(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class TableResult:
    """A typed frame (None when unreadable) with the problems found in it; ``line`` maps rows to file lines."""

    frame: pd.DataFrame | None
    problems: tuple[Problem, ...]


# --- reading -----------------------------------------------------------------------------------------

def _decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        byte = raw[err.start]
        return None, [Problem(file, line, "-", f"not valid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8")]


def _parse_rows(text: str, res: Resource) -> tuple[list[str], list[tuple[int, list[str]]], list[Problem]]:
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


def _header_problems(header: list[str], res: Resource) -> list[Problem]:
    expected = res.field_names
    problems = [Problem(res.path, 1, name, "column is missing") for name in expected if name not in header]
    problems += [Problem(res.path, 1, name, "unexpected column (not in datapackage.json)") for name in header if name not in expected]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(res.path, 1, name, "column appears twice"))
        seen.add(name)
    return problems


def _convert(cell: str, field: Field) -> tuple[object, str | None]:
    """Typed value for one cell (None when blank) and an error message when it does not parse."""
    cell = cell.strip()
    if cell == "":
        return None, None
    if field.type == "integer":
        if re.fullmatch(r"[+-]?\d+", cell):
            return int(cell), None
        return None, f"'{cell}' is not a whole number"
    if field.type == "number":
        try:
            value = float(cell)
        except ValueError:
            return None, f"'{cell}' is not a number"
        if value != value or value in (float("inf"), float("-inf")):
            return None, f"'{cell}' is not a finite number"
        return value, None
    return cell, None


def _typed_frame(header: list[str], rows: list[tuple[int, list[str]]], res: Resource) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    index = [line for line, _ in rows]
    columns: dict[str, pd.Series] = {}
    for field in res.fields:
        pos = header.index(field.name)
        values = []
        for line, cells in rows:
            value, error = _convert(cells[pos], field)
            if error:
                problems.append(Problem(res.path, line, field.name, error))
            if field.type == "string" and value is not None and str(value).startswith(FORMULA_PREFIXES):
                problems.append(Problem(res.path, line, field.name,
                                        f"starts with '{str(value)[0]}', which a spreadsheet would run as a formula"))
            values.append(value)
        columns[field.name] = pd.Series(values, index=index, dtype=_PANDAS_DTYPES[field.type])
    return pd.DataFrame(columns, index=pd.Index(index, name="line")), problems


# --- constraints (pandera) -----------------------------------------------------------------------------

def _describe_enum(field: Field) -> str:
    if field.name == "state":
        return "not a known state code (USPS code of the 50 states and DC)"
    words = ", ".join(str(v) for v in field.enum or ())
    if len(field.enum or ()) > _ENUM_LIST_LIMIT:
        return "not an allowed value (see datapackage.json)"
    return f"not an allowed value ({words})"


def _field_checks(field: Field) -> list[tuple[pa.Check, Callable[[object], str]]]:
    """pandera checks for a field, each with the message a failing value gets."""
    import pandera.pandas as pa  # here, not at the top: a stamped file never pays pandera's import

    checks: list[tuple[pa.Check, Callable[[object], str]]] = []
    if field.enum is not None:
        checks.append((pa.Check.isin(list(field.enum)), lambda v, f=field: f"'{v}' is {_describe_enum(f)}"))
    if field.minimum is not None:
        checks.append((pa.Check.ge(field.minimum), lambda v, f=field: f"{_fmt(v)} is below the minimum {_fmt(f.minimum)}"))
    if field.maximum is not None:
        checks.append((pa.Check.le(field.maximum), lambda v, f=field: f"{_fmt(v)} is above the maximum {_fmt(f.maximum)}"))
    if field.pattern is not None:
        checks.append((pa.Check.str_matches(field.pattern), lambda v, f=field: f"'{v}' does not have the expected form {f.pattern}"))
    return checks


def _fmt(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _constraint_problems(frame: pd.DataFrame, res: Resource) -> list[Problem]:
    import pandera.pandas as pa

    messages: dict[str, list[Callable[[object], str]]] = {}
    columns = {}
    for field in res.fields:
        pairs = _field_checks(field)
        messages[field.name] = [msg for _, msg in pairs]
        columns[field.name] = pa.Column(
            _PANDAS_DTYPES[field.type], nullable=not field.required, unique=field.unique,
            checks=[check for check, _ in pairs], coerce=False,
        )
    try:
        pa.DataFrameSchema(columns, strict=False).validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    problems = []
    for case in cases.itertuples(index=False):
        column, line, value = case.column, case.index, case.failure_case
        if line is None or pd.isna(line):
            continue
        if case.check == "not_nullable":
            message = "missing value (required)"
        elif case.check == "field_uniqueness":
            message = f"'{value}' appears more than once (must be unique)"
        elif case.check_number is not None and not pd.isna(case.check_number):
            message = messages[column][int(case.check_number)](value)
        else:
            message = f"failed check {case.check}"
        problems.append(Problem(res.path, int(line), column, message))
    return problems


def _duplicate_key_problems(frame: pd.DataFrame, res: Resource) -> list[Problem]:
    if not res.primary_key or frame.empty:
        return []
    keys = frame[list(res.primary_key)].astype("string").fillna("")
    first_line: dict[tuple[str, ...], int] = {}
    problems = []
    label = ", ".join(res.primary_key)
    for line, key in zip(frame.index, keys.itertuples(index=False, name=None)):
        if key in first_line:
            problems.append(Problem(res.path, int(line), label,
                                    f"duplicate key ({', '.join(key)}): also on line {first_line[key]}"))
        else:
            first_line[key] = int(line)
    return problems


# --- rules that need more than one column or file ------------------------------------------------------

POLICY_WORDS: dict[str, tuple[str, ...]] = {
    "credit_policy": ("none", "limited", "permitted", "required"),
    "diploma_policy": ("none", "optional", "statewide"),
    "snapshot_category": ("Not Yet", "Emerging", "Developing", "Advanced"),
}


def _policy_word_problems(frame: pd.DataFrame, res: Resource) -> list[Problem]:
    problems = []
    for line, field, value in zip(frame.index, frame["field"], frame["value"]):
        words = POLICY_WORDS.get(field) if isinstance(field, str) else None
        if words and isinstance(value, str) and value not in words:
            problems.append(Problem(res.path, int(line), "value", f"'{value}' is not a {field} word ({', '.join(words)})"))
    return problems


def _percent_problems(frame: pd.DataFrame, res: Resource) -> list[Problem]:
    problems = []
    for line, unit, value in zip(frame.index, frame["unit"], frame["value"]):
        if unit == "percent" and not pd.isna(value) and value > 100:
            problems.append(Problem(res.path, int(line), "value", f"{_fmt(float(value))} percent is above 100"))
    return problems


def _year_order_problems(frame: pd.DataFrame, res: Resource) -> list[Problem]:
    problems = []
    for line, report, data in zip(frame.index, frame["report_year"], frame["data_year"]):
        if not pd.isna(report) and not pd.isna(data) and data > report:
            problems.append(Problem(res.path, int(line), "data_year",
                                    f"{data} is after the report year {report}: a report cannot quote a later year"))
    return problems


ROW_RULES: Mapping[str, tuple[Callable[[pd.DataFrame, Resource], list[Problem]], ...]] = {
    "state_policy_events": (_policy_word_problems,),
    "connectivity": (_percent_problems, _year_order_problems),
}


def foreign_key_problems(frames: Mapping[str, pd.DataFrame], package: Package) -> dict[str, list[Problem]]:
    """Problems per resource for references that do not resolve (e.g. a source_id missing from sources.csv)."""
    found: dict[str, list[Problem]] = {}
    for res in package.resources:
        frame = frames.get(res.name)
        for fk in res.foreign_keys:
            target = frames.get(fk.resource)
            if frame is None or target is None:
                continue
            known = set(target[fk.reference_field].dropna())
            target_file = package.resource(fk.resource).path
            for line, value in frame[fk.fields].items():
                if not pd.isna(value) and value not in known:
                    found.setdefault(res.name, []).append(
                        Problem(res.path, int(line), fk.fields, f"'{value}' is not a {fk.reference_field} in {target_file}"))
    return found


# --- one table -----------------------------------------------------------------------------------------

def _never(path: str, raw: bytes) -> bool:
    return False


def read_table(data_dir: Path, res: Resource, known_good: Callable[[str, bytes], bool] = _never) -> TableResult:
    """Read and check one file on its own (everything but cross-file references).

    `known_good(path, raw)` says these exact bytes already passed the descriptor's constraint checks
    (see stamp.py); only then are those checks skipped. Parsing, types, keys and row rules always run.
    """
    path = Path(data_dir) / res.path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return TableResult(None, (Problem(res.path, 1, "-", "file not found"),))
    except OSError as err:
        return TableResult(None, (Problem(res.path, 1, "-", f"cannot read the file: {err.strerror}"),))
    text, problems = _decode(raw, res.path)
    if text is None:
        return TableResult(None, tuple(problems))
    if not text.strip():
        return TableResult(None, (Problem(res.path, 1, "-", "file is empty (expected a header row and data rows)"),))
    header, rows, problems = _parse_rows(text, res)
    problems += _header_problems(header, res)
    if any(p.line == 1 for p in problems):
        return TableResult(None, tuple(problems))
    if not rows and not problems:
        return TableResult(None, (Problem(res.path, 1, "-", "no data rows (the file has only a header)"),))
    frame, cell_problems = _typed_frame(header, rows, res)
    problems += cell_problems
    unparsed = {(p.line, p.column) for p in cell_problems}
    if not known_good(res.path, raw):
        problems += [p for p in _constraint_problems(frame, res) if (p.line, p.column) not in unparsed]
    problems += _duplicate_key_problems(frame, res)
    for rule in ROW_RULES.get(res.name, ()):
        problems += rule(frame, res)
    return TableResult(frame, tuple(problems))
