"""Downloads: tables exactly as shown, safe to open in a spreadsheet, and the whole data package.

A cell that starts with = + - or @ would be run as a formula by a spreadsheet; it is prefixed with an
apostrophe, the convention spreadsheets display as the literal text.
"""
from __future__ import annotations

import io
import zipfile

import pandas as pd

from cbe_dash.data import Datasets
from cbe_dash.schema import DESCRIPTOR
from cbe_dash.validation import FORMULA_PREFIXES


def neutralise(value: object) -> object:
    """Text that a spreadsheet would execute becomes inert text; numbers and NA pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or isinstance(out[column].dtype, pd.StringDtype):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def table_csv(frame: pd.DataFrame, *, title: str, version: str) -> bytes:
    """CSV of a shown table: a first line naming what it is and the data version, then the rows."""
    header = f"# CBE Dash: {title}. Data version {version}. Sources in the source columns and sources.csv\n"
    body = safe_frame(frame).to_csv(index=False, lineterminator="\n")
    return (header + body).encode("utf-8")


def data_bundle(ds: Datasets) -> bytes:
    """A zip of every validated data file with datapackage.json; broken files are left out and listed.

    Built from the bytes that were validated and are held in memory (`ds.files`), not from the disk at
    click time: a file edited or replaced since loading cannot reach a download unchecked.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if ds.descriptor:
            archive.writestr(DESCRIPTOR, ds.descriptor)
        for res in ds.package.resources:
            if res.name in ds.tables and res.path in ds.files:
                archive.writestr(res.path, ds.files[res.path])
        if ds.problems:
            archive.writestr("PROBLEMS.txt", "Files left out because they did not pass validation:\n"
                             + "\n".join(str(p) for p in ds.problems) + "\n")
    return buffer.getvalue()
