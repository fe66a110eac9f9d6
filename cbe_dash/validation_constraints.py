"""The descriptor's per-field constraints (required, unique, enum, minimum, maximum, pattern) and keys.

These are the checks `data/validated.json` lets the app skip for byte-identical files: they run through
pandera, whose import alone costs about half a second on a cold start.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from cbe_dash.schema import Field, Resource
from cbe_dash.validation_core import Problem, fmt
from cbe_dash.validation_reading import PANDAS_DTYPES

if TYPE_CHECKING:
    import pandera.pandas as pa

_ENUM_LIST_LIMIT = 12


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
        checks.append((pa.Check.ge(field.minimum), lambda v, f=field: f"{fmt(v)} is below the minimum {fmt(f.minimum)}"))
    if field.maximum is not None:
        checks.append((pa.Check.le(field.maximum), lambda v, f=field: f"{fmt(v)} is above the maximum {fmt(f.maximum)}"))
    if field.pattern is not None:
        checks.append((pa.Check.str_matches(field.pattern),
                       lambda v, f=field: f"'{v}' does not have the expected form {f.pattern}"))
    return checks


def constraint_problems(frame: pd.DataFrame, res: Resource) -> list[Problem]:
    """Every value that breaks a constraint datapackage.json declares for its field."""
    import pandera.pandas as pa

    messages: dict[str, list[Callable[[object], str]]] = {}
    columns = {}
    for field in res.fields:
        pairs = _field_checks(field)
        messages[field.name] = [msg for _, msg in pairs]
        columns[field.name] = pa.Column(
            PANDAS_DTYPES[field.type], nullable=not field.required, unique=field.unique,
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


def duplicate_key_problems(frame: pd.DataFrame, res: Resource) -> list[Problem]:
    """Rows that repeat the primary key of an earlier row."""
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
