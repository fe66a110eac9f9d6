"""What every validation module shares: a problem at a place in a file, and a table's verdict."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place of one file (a file name inside the data folder, never a server path)."""

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
    """A typed frame (None when unreadable), the problems found in it, and the exact bytes that were read.

    The frame's index is the file line of each row, so any rule can name the line it objects to.
    """

    frame: pd.DataFrame | None
    problems: tuple[Problem, ...]
    raw: bytes | None = None


def fmt(value: object) -> str:
    """A number as a person writes it: 140 rather than 140.0."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)
