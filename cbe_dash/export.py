"""Downloads: clean CSV that spreadsheets and `pandas.read_csv` read with their defaults, and the whole
data package.

Clean means: the first line is the header (provenance travels beside the file, in the zip's metadata),
whole numbers are written without a decimal point (`42`, never `42.0`), and every row names its source
by `source_id`, which joins to sources.csv. A cell that starts with = + - or @ would be run as a formula
by a spreadsheet; it is prefixed with an apostrophe, the convention spreadsheets display as literal text.
"""
from __future__ import annotations

import io
import zipfile

import pandas as pd

from cbe_dash.data import PROJECT_DATA_DIR, Datasets
from cbe_dash.schema import DESCRIPTOR
from cbe_dash.validation import FORMULA_PREFIXES

#: Files of the project (not of the data folder) that travel with every data bundle.
BUNDLE_DOCS: tuple[str, ...] = ("README.md", "TERMS.md")


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


def whole_numbers_as_integers(frame: pd.DataFrame) -> pd.DataFrame:
    """Float columns whose every value is a whole number become nullable integers, so 407093.0 is
    written 407093 and a gap stays empty (never 0)."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_float_dtype(series.dtype):
            values = series.dropna().astype(float)
            if (values == values.round()).all() and (values.abs() < 2**53).all():
                out[column] = series.astype("Float64").round().astype("Int64")
    return out


def table_csv(frame: pd.DataFrame) -> bytes:
    """A table as clean CSV: header on the first line, whole numbers as integers, formula-safe text."""
    body = safe_frame(whole_numbers_as_integers(frame)).to_csv(index=False, lineterminator="\n")
    return body.encode("utf-8")


#: The columns `with_source_links` adds.
SOURCE_LINK_COLUMNS = ["source", "url"]


def with_source_links(ds: Datasets, table: pd.DataFrame) -> pd.DataFrame:
    """Add the source's title and URL (SOURCE_LINK_COLUMNS) after each row's source_id, for the tables people
    read on a page; `table.drop(columns=SOURCE_LINK_COLUMNS, errors="ignore")` gives the table back."""
    if not ds.available("sources"):
        return table
    sources = ds.sources.set_index("source_id")
    return table.assign(source=table["source_id"].map(sources["title"]), url=table["source_id"].map(sources["url"]))


def with_source_urls(ds: Datasets, frame: pd.DataFrame) -> pd.DataFrame:
    """Beside every `source_id` / `<x>_source_id` column, its address from sources.csv (`source_url` /
    `<x>_source_url`), so a reader can open the document without a join. Unchanged without sources."""
    if not ds.available("sources"):
        return frame
    urls = ds.sources.set_index("source_id")["url"]
    out = frame.copy()
    for column in [c for c in frame.columns if c == "source_id" or str(c).endswith("_source_id")]:
        target = column[: -len("_id")] + "_url"
        if target not in out.columns:
            out.insert(out.columns.get_loc(column) + 1, target, out[column].map(urls).astype("string"))
    return out


def data_bundle(ds: Datasets) -> bytes:
    """A zip of every validated data file with datapackage.json, the data README and the data's terms;
    broken files are left out and listed.

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
        for doc in BUNDLE_DOCS:  # the project's own notes on the data, not data an analyst may have edited
            if (PROJECT_DATA_DIR / doc).is_file():
                archive.write(PROJECT_DATA_DIR / doc, doc)
        if ds.problems:
            archive.writestr("PROBLEMS.txt", "Files left out because they did not pass validation:\n"
                             + "\n".join(str(p) for p in ds.problems) + "\n")
    return buffer.getvalue()
