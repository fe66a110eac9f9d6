"""Check data files against the package descriptor and the rules the pages rely on.

Every problem is collected (never the first only) and reported as ``file:line: column: message`` so an
analyst can open the file at the right line. A table with any problem is withheld whole: a map must
never silently drop a row or draw a half-valid table. The checks live by concern:

- validation_reading: bytes -> typed cells (UTF-8, CSV shape, header, ASCII numbers, hidden characters)
- validation_constraints: the descriptor's field constraints and primary keys (pandera)
- validation_rows: rules across the rows of one table (units, every state once, edition totals ...)
- validation_links: source links that may never appear (shadow libraries)
- validation_files: rules across tables (references, the years a page offers)
"""
from __future__ import annotations

import errno
import stat
from collections.abc import Callable
from pathlib import Path

from cbe_dash.schema import Resource
from cbe_dash.validation_constraints import constraint_problems as _constraint_problems
from cbe_dash.validation_constraints import duplicate_key_problems
from cbe_dash.validation_core import DataValidationError, Problem, TableResult
from cbe_dash.validation_files import cross_file_problems, foreign_key_problems
from cbe_dash.validation_reading import FORMULA_PREFIXES, decode, header_problems, parse_rows, typed_frame
from cbe_dash.validation_rows import POLICY_WORDS, ROW_RULES

__all__ = [
    "DataValidationError", "FORMULA_PREFIXES", "MAX_FILE_BYTES", "POLICY_WORDS", "Problem", "TableResult",
    "cross_file_problems", "foreign_key_problems", "read_bytes", "read_table",
]

#: Far above any real table (the largest is ~100 KB); a bigger file is a mistake, not data to parse.
MAX_FILE_BYTES = 50_000_000


def _never(path: str, raw: bytes) -> bool:
    return False


def read_bytes(path: Path, name: str) -> tuple[bytes | None, Problem | None]:
    """The bytes of a data file, or a problem naming the file (never the folder's server path).

    Only a regular file is read: a directory, a link to nothing, a pipe or a device named ``*.csv``
    gets a message instead of an exception (or, for a pipe, a read that never ends).
    """
    def problem(message: str) -> tuple[None, Problem]:
        return None, Problem(name, 1, "-", message)

    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return problem("is a link to a file that does not exist")
        return problem("file not found")
    except OSError as err:
        return problem(f"cannot read the file: {err.strerror or 'error ' + str(err.errno)}")
    if stat.S_ISDIR(info.st_mode):
        return problem("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        return problem("is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        return problem(f"is {info.st_size:,} bytes, larger than any data table may be ({MAX_FILE_BYTES:,})")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        reason = "permission denied" if err.errno in (errno.EACCES, errno.EPERM) else (err.strerror or str(err.errno))
        return problem(f"cannot read the file: {reason}")
    return raw, None


def read_table(data_dir: Path, res: Resource, known_good: Callable[[str, bytes], bool] = _never) -> TableResult:
    """Read and check one file on its own (everything but cross-file rules); keeps the bytes it checked.

    `known_good(path, raw)` says these exact bytes already passed the descriptor's constraint checks
    (see stamp.py); only then are those checks skipped. Parsing, types, keys and row rules always run.
    """
    raw, unreadable = read_bytes(Path(data_dir) / res.path, res.path)
    if raw is None:
        return TableResult(None, (unreadable,) if unreadable else ())
    try:
        return check_bytes(raw, res, known_good)
    except Exception as err:  # noqa: BLE001 - a checking bug must cost one table, not the app or `validate`
        reason = f"{type(err).__name__} while checking it"
        return TableResult(None, (Problem(res.path, 1, "-", f"could not be checked ({reason}); please report this"),), raw)


def check_bytes(raw: bytes, res: Resource, known_good: Callable[[str, bytes], bool] = _never) -> TableResult:
    """Every single-table check on `raw`, the file's content."""
    text, problems = decode(raw, res.path)
    if text is None:
        return TableResult(None, tuple(problems), raw)
    if not text.strip():
        return TableResult(None, (Problem(res.path, 1, "-", "file is empty (expected a header row and data rows)"),), raw)
    header, rows, problems = parse_rows(text, res)
    problems += header_problems(header, res)
    if any(p.line == 1 for p in problems):
        return TableResult(None, tuple(problems), raw)
    if not rows and not problems:
        return TableResult(None, (Problem(res.path, 1, "-", "no data rows (the file has only a header)"),), raw)
    frame, cell_problems = typed_frame(header, rows, res)
    problems += cell_problems
    unparsed = {(p.line, p.column) for p in cell_problems}
    if not known_good(res.path, raw):
        problems += [p for p in _constraint_problems(frame, res) if (p.line, p.column) not in unparsed]
    problems += duplicate_key_problems(frame, res)
    for rule in ROW_RULES.get(res.name, ()):
        problems += rule(frame, res)
    return TableResult(frame, tuple(problems), raw)
