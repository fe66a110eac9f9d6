"""What the About page says about the datasets, read from the descriptor and the data README."""
from __future__ import annotations

import pandas as pd

from cbe_dash.data import PROJECT_DATA_DIR, Datasets
from cbe_dash.schema import Package, Resource


def dataset_summary(ds: Datasets) -> pd.DataFrame:
    rows = []
    for res in ds.package.resources:
        ok = res.name in ds.tables
        rows.append({
            "dataset": res.title,
            "file": res.path,
            "rows": len(ds.tables[res.name]) if ok else pd.NA,
            "status": "valid" if ok else f"{len(ds.problems_for(res.name))} problem(s): not shown",
            "description": res.description,
        })
    return pd.DataFrame(rows).astype({"rows": "Int64"})


_FIELD_COLUMNS = ["column", "type", "required", "allowed values", "range", "description"]


def field_table(res: Resource) -> pd.DataFrame:
    """One row per column of a dataset (none when the descriptor could not describe it)."""
    return pd.DataFrame([{
        "column": f.name,
        "type": f.type,
        "required": "yes" if f.required else "",
        "allowed values": ", ".join(str(v) for v in f.enum) if f.enum and len(f.enum) <= 12
        else ("51 USPS codes" if f.name == "state" else ("see datapackage.json" if f.enum else "")),
        "range": _range(f.minimum, f.maximum),
        "description": f.description,
    } for f in res.fields], columns=_FIELD_COLUMNS)


def all_fields(package: Package) -> pd.DataFrame:
    """Every column of every dataset in one table (file first), as datapackage.json describes it."""
    return pd.concat([field_table(res).assign(file=res.path) for res in package.resources], ignore_index=True)[
        ["file", "column", "type", "required", "allowed values", "range", "description"]]


def _range(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{low:g} to {high:g}"
    if low is not None:
        return f">= {low:g}"
    if high is not None:
        return f"<= {high:g}"
    return ""


def data_readme() -> str:
    """The project's own data README (trusted repository text, rendered as Markdown)."""
    path = PROJECT_DATA_DIR / "README.md"
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "data/README.md is missing or cannot be read."
