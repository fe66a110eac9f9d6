"""A downloaded table with its provenance beside it: CSV + metadata.json + README.txt + sources.csv, zipped.

Why a sidecar: a provenance line inside the CSV breaks `pandas.read_csv` and puts a title in Excel's A1.
The metadata says what each column is (type, unit, definition from datapackage.json), which sources the
rows used, the data version, the access date and how to cite it.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

import pandas as pd

from cbe_dash.citation import citation, credits, source_ids_in, today
from cbe_dash.data import Datasets
from cbe_dash.export import table_csv, whole_numbers_as_integers
from cbe_dash.maps import CONNECTIVITY_LAYERS
from cbe_dash.view_data import ViewTable

#: Units of columns whose name says what they count (the datasets keep units per row or in their README).
_UNITS = {"pct_households_no_internet": "percent of households", "league_districts": "districts",
          "cohort_year": "year", "report_year": "year", "data_year": "year", "year": "year"}


def field_type(series: pd.Series) -> str:
    """The Table Schema type of a column as the CSV writes it."""
    if pd.api.types.is_bool_dtype(series.dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(series.dtype):
        return "integer"
    if pd.api.types.is_float_dtype(series.dtype):
        return "number"
    return "string"


def _dataset_descriptions(ds: Datasets, resources: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in resources:
        try:
            res = ds.package.resource(name)
        except KeyError:
            continue
        for fld in res.fields:
            out.setdefault(fld.name, fld.description)
    return out


def describe(column: str, table: ViewTable, known: dict[str, str]) -> dict[str, str]:
    """Definition and unit of one column: the view's own definition, else the dataset's, else the pattern."""
    base = column.removesuffix("_source_id").removesuffix("_source_url")
    if column in table.definitions:
        text = table.definitions[column]
    elif column in known:
        text = known[column]
    elif column == "source_url" or column.endswith("_source_url"):
        text = f"Address of the source of {base}" if base != "source_url" else "Address of the row's source"
        text += " (url in sources.csv)"
    elif column.endswith("_source_id"):
        text = f"Key into sources.csv: the source of {base}"
    elif column in CONNECTIVITY_LAYERS:
        text = CONNECTIVITY_LAYERS[column].label + " (definitions in README.md of the data)"
    else:
        text = ""
    unit = _UNITS.get(column) or (CONNECTIVITY_LAYERS[column].unit if column in CONNECTIVITY_LAYERS else "")
    if column.endswith("_year") and not unit:
        unit = "year"
    return {"description": text, **({"unit": unit} if unit else {})}


def used_sources(ds: Datasets, frame: pd.DataFrame) -> pd.DataFrame:
    """The sources.csv rows the table's source ids point to, in first-use order."""
    if not ds.available("sources"):
        return pd.DataFrame(columns=["source_id"])
    ids = list(dict.fromkeys(source_ids_in(frame)))
    table = ds.sources.set_index("source_id")
    return table.loc[[i for i in ids if i in table.index]].reset_index()


def _licenses(ds: Datasets) -> list[dict[str, Any]]:
    try:
        raw = json.loads(ds.descriptor.decode("utf-8"))  # the descriptor the tables were checked against
    except (UnicodeDecodeError, ValueError):
        return []
    return list(raw.get("licenses", []))


def metadata(ds: Datasets, table: ViewTable, *, accessed: dt.date | None = None, link: str = "") -> dict[str, Any]:
    """Machine-readable description of a downloaded table (a Table Schema-like `fields` list)."""
    accessed = accessed or today()
    frame = whole_numbers_as_integers(table.frame)
    known = _dataset_descriptions(ds, table.resources)
    ids = source_ids_in(frame)
    return {
        "title": table.title,
        "file": f"{table.name}.csv",
        "rows": len(frame),
        "citation": citation(ds, ids, accessed=accessed, title=table.title),
        "producers": [{"name": c.name, "years": list(c.years), "values": c.uses} for c in credits(ds, ids)],
        "compiled_by": "CBE Dash",
        "data_version": ds.version,
        "accessed": accessed.isoformat(),
        **({"view": link} if link else {}),
        "datasets": [ds.package.resource(r).path for r in table.resources if r in {x.name for x in ds.package.resources}],
        "licenses": _licenses(ds),
        "conventions": "First line is the header. An empty cell means no source publishes the value (never 0). "
                       "Each *source_id joins to sources.csv (source_id); *source_url is that source's address.",
        "fields": [{"name": str(c), "type": field_type(frame[c]), **describe(str(c), table, known)}
                   for c in frame.columns],
        "sources": used_sources(ds, frame).astype(object).where(lambda f: f.notna(), None).to_dict("records"),
    }


def readme(meta: dict[str, Any]) -> str:
    """A short plain-text README for the zip, from its metadata."""
    lines = [
        meta["title"], "=" * len(meta["title"]), "",
        f"{meta['file']}: {meta['rows']} rows, one header line, comma-separated, UTF-8.",
        "metadata.json: every column's type, unit and definition, the sources used, version and citation.",
        "sources.csv: the sources the rows cite (join on source_id).", "",
        "How to cite", "-----------", meta["citation"], "",
        "Please credit the original producers first: the numbers are theirs; CBE Dash compiled them.", "",
        "Reading the file", "----------------", meta["conventions"],
        "Text cells that begin with = + - or @ are prefixed with an apostrophe so spreadsheets do not run them.",
        "", f"Data version {meta['data_version']}, accessed {meta['accessed']}.",
    ]
    if meta.get("view"):
        lines.append(f"View: {meta['view']}")
    lines.append("Terms: the compilation is CC-BY-4.0; the facts belong to their sources (see TERMS.md in the "
                 "full data bundle on the About page).")
    return "\n".join(lines) + "\n"


def table_zip(ds: Datasets, table: ViewTable, *, accessed: dt.date | None = None, link: str = "") -> bytes:
    """The table's CSV with metadata.json, README.txt and the sources it uses, in one zip."""
    meta = metadata(ds, table, accessed=accessed, link=link)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(meta["file"], table_csv(table.frame))
        archive.writestr("metadata.json", json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
        archive.writestr("README.txt", readme(meta))
        archive.writestr("sources.csv", table_csv(used_sources(ds, table.frame)))
    return buffer.getvalue()
