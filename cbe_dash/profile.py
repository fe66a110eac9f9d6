"""Everything known about one state, as one long table with a source on every line.

Used by the click-a-state detail panel, the State profile page and the Compare page.
"""
from __future__ import annotations

import pandas as pd

from cbe_dash import views
from cbe_dash.data import Datasets
from cbe_dash.maps import CONNECTIVITY_LAYERS, POLICY_LAYERS, value_text

COLUMNS = ["topic", "indicator", "year", "value", "note", "source_id"]


def _policy_rows(ds: Datasets, state: str) -> pd.DataFrame:
    rows = ds.state_policy[ds.state_policy["state"] == state].sort_values(["field", "year"])
    basis = rows["year_basis"].map({"as_of": " (as of this year)", "effective": ""}).fillna("")
    return pd.DataFrame({
        "topic": "Policy",
        "indicator": rows["field"].map(lambda f: POLICY_LAYERS[f].label),
        "year": rows["year"],
        "value": rows["value"] + basis,
        "note": rows["note"],
        "source_id": rows["source_id"],
    })


def _league_rows(ds: Datasets, state: str) -> pd.DataFrame:
    rows = ds.league[ds.league["state"] == state].sort_values(["cohort_year", "district"], na_position="last")
    return pd.DataFrame({
        "topic": "League of Innovative Schools",
        "indicator": rows["district"],
        "year": rows["cohort_year"],
        "value": rows["spell"].map({"original": "joined", "readmitted": "re-admitted"})
        + rows["status"].map({"member": "", "former": " (later left)"}),
        "note": rows["note"],
        "source_id": rows["source_id"],
    })


def _metric_label(metric: str) -> str:
    layer = CONNECTIVITY_LAYERS.get(metric)
    return layer.label if layer else metric.replace("_", " ")


def _connectivity_rows(ds: Datasets, state: str) -> pd.DataFrame:
    rows = ds.connectivity[ds.connectivity["state"] == state].sort_values(["metric", "report_year", "data_year"])
    units = rows["metric"].map(lambda m: CONNECTIVITY_LAYERS[m].unit if m in CONNECTIVITY_LAYERS else "")
    values = [
        "yes" if unit == "flag" else value_text(v, q, layer_unit or unit)
        for v, q, unit, layer_unit in zip(rows["value"], rows["qualifier"], rows["unit"], units)
    ]
    quoted = [f"{int(d)} figure quoted in the {int(r)} edition" if d != r else pd.NA
              for d, r in zip(rows["data_year"], rows["report_year"])]
    note = [q if pd.isna(n) else (n if pd.isna(q) else f"{q}. {n}") for q, n in zip(quoted, rows["note"])]
    return pd.DataFrame({
        "topic": "School connectivity",
        "indicator": rows["metric"].map(_metric_label),
        "year": rows["data_year"],
        "value": values,
        "note": note,
        "source_id": rows["source_id"],
    })


def _home_internet_rows(ds: Datasets, state: str) -> pd.DataFrame:
    rows = ds.home_internet[ds.home_internet["state"] == state]
    return pd.DataFrame({
        "topic": "Home internet",
        "indicator": CONNECTIVITY_LAYERS["home_internet"].label,
        "year": rows["acs_period"].map(lambda p: int(str(p)[-4:])),
        "value": rows["pct_households_no_internet"].map(lambda v: f"{v:.1f}% of households"),
        "note": "ACS " + rows["acs_period"] + " 5-year estimate",
        "source_id": rows["source_id"],
    })


def _iln_rows(ds: Datasets, state: str) -> pd.DataFrame:
    rows = ds.iln[ds.iln["state"] == state].sort_values("as_of", na_position="last")
    return pd.DataFrame({
        "topic": "Innovation Lab Network",
        "indicator": "CCSSO Innovation Lab Network",
        "year": rows["as_of"].map(lambda a: int(str(a)[:4]) if isinstance(a, str) else pd.NA),
        "value": rows["role"] + rows["partial_list"].map({"yes": " (named in a partial list)", "no": ""}),
        "note": rows["note"],
        "source_id": rows["source_id"],
    })


PARTS = {
    "state_policy": _policy_rows,
    "league": _league_rows,
    "connectivity": _connectivity_rows,
    "home_internet": _home_internet_rows,
    "iln": _iln_rows,
}


def state_indicators(ds: Datasets, state: str) -> pd.DataFrame:
    """Every indicator for ``state`` across years with source title and URL; parts whose table is
    unavailable are left out (the page says so)."""
    frames = [build(ds, state) for table, build in PARTS.items() if ds.available(table)]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=COLUMNS + ["source", "url"])
    out = pd.concat(frames, ignore_index=True)[COLUMNS]
    out["year"] = out["year"].astype("Int64")
    if ds.available("sources"):
        sources = ds.sources.set_index("source_id")
        out["source"] = out["source_id"].map(sources["title"])
        out["url"] = out["source_id"].map(sources["url"])
    return out


def state_facts(ds: Datasets, state: str) -> dict[str, str]:
    """A few headline facts for the top of a profile; 'unknown' or 'not published' rather than a guess."""
    facts: dict[str, str] = {}
    if ds.available("regions"):
        row = ds.regions[ds.regions["state"] == state]
        facts["Census region"] = f"{row['region'].iloc[0]} ({row['division'].iloc[0]})" if len(row) else "unknown"
    if ds.available("state_policy", "policy_counts"):
        latest = int(ds.state_policy["year"].max())
        status = views.policy_status(ds, latest).set_index("state").loc[state]
        for field in ("credit_policy", "diploma_policy"):
            value = status[field]
            facts[f"{POLICY_LAYERS[field].label}, {latest}"] = "unknown" if pd.isna(value) else str(value)
    if ds.available("league"):
        facts["League districts (known, all years)"] = str(ds.league[ds.league["state"] == state]["district"].nunique())
    if ds.available("home_internet"):
        row = ds.home_internet[ds.home_internet["state"] == state]
        facts["Households without internet"] = f"{row['pct_households_no_internet'].iloc[0]:.1f}%" if len(row) else "not published"
    return facts
