"""Compare's tables and histories: a few states side by side, and their indicators over time."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cbe_dash import views
from cbe_dash.data import Datasets
from cbe_dash.explore import (CONNECTIVITY_COLUMNS, HOME_INTERNET, ILN_COLUMN, ILN_NOT_NAMED, LEAGUE_COLUMN,
                              indicators)
from cbe_dash.maps import CONNECTIVITY_LAYERS
from cbe_dash.palette import NO_DATA
from cbe_dash.profile import state_facts
from cbe_dash.states import STATE_CODES, state_name


# --- compare --------------------------------------------------------------------------------------------

def facts_table(ds: Datasets, states: Sequence[str]) -> pd.DataFrame:
    """profile.state_facts side by side: one row per fact, one column per state (state name as header)."""
    columns = {state_name(s): state_facts(ds, s) for s in states}
    facts = list(dict.fromkeys(k for f in columns.values() for k in f))
    out = pd.DataFrame({"fact": facts})
    for name, values in columns.items():
        out[name] = [values.get(f, "not published") for f in facts]
    return out.astype("string")


def _cell(value: object, column: str, row: pd.Series) -> str:
    """One value as the comparison shows it: with qualifier and edition year; gaps as words."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        if column in CONNECTIVITY_COLUMNS or column == HOME_INTERNET:
            return "not published"
        return ILN_NOT_NAMED if column == ILN_COLUMN else NO_DATA
    if column in CONNECTIVITY_COLUMNS:
        qualifier = row.get(f"{column}_qualifier")
        prefix = "" if pd.isna(qualifier) else f"{qualifier} "
        number = f"{float(value):g}%" if column.startswith("pct") else f"{float(value):,.0f}"
        return f"{prefix}{number} ({int(row[f'{column}_year'])} edition)"
    if column == HOME_INTERNET:
        return f"{float(value):.1f}% (ACS {row[f'{HOME_INTERNET}_period']})"
    if column == ILN_COLUMN:
        return f"{value} (list of {row[f'{ILN_COLUMN}_as_of']})"
    return str(value)


def compare_table(ds: Datasets, table: pd.DataFrame, states: Sequence[str]) -> pd.DataFrame:
    """The cross table for ``states``, transposed: one row per indicator, one text column per state."""
    meta = indicators(ds)
    rows = table.set_index("state")
    keys = ["region", "division", *views.POLICY_FIELDS, LEAGUE_COLUMN, ILN_COLUMN, *CONNECTIVITY_COLUMNS,
            HOME_INTERNET, "sources"]
    out = pd.DataFrame({"indicator": [meta[k].label if k in meta else "Sources" for k in keys]})
    for state in states:
        row = rows.loc[state]
        out[state_name(state)] = [_cell(row[k], k, row) for k in keys]
    return out.astype("string")


def policy_history(ds: Datasets, states: Sequence[str], years: Sequence[int]) -> pd.DataFrame:
    """Long frame (state, year, field, value) of policy status at the end of each year; NA kept.

    Built from the status lookup per year, not from policy_status's full table: Compare and Explore build
    it for every selection, and one frame at the end is several times faster than three per year."""
    if not years:
        return pd.DataFrame(columns=["state", "year", "field", "value"])
    chosen = set(states)
    wanted = [state for state in STATE_CODES if state in chosen]  # policy_status's row order
    rows = []
    for year in years:
        in_force = views.events_in_force(ds, year)  # (state, field) -> (year, value, source, basis)
        rows += [(state, year, fld, in_force.get((state, fld), (None, pd.NA))[1])
                 for fld in views.POLICY_FIELDS for state in wanted]
    state_col, year_col, field_col, value_col = zip(*rows) if rows else ((), (), (), ())
    return pd.DataFrame({"state": pd.Series(state_col, dtype=object), "year": pd.Series(year_col, dtype="int64"),
                         "field": pd.Series(field_col, dtype="str"), "value": pd.array(value_col, dtype="string")})


def league_history(ds: Datasets, states: Sequence[str]) -> pd.DataFrame:
    """Long frame (state, year, districts): known districts joined by each fall, League years only."""
    frames = [views.league_by_state(ds, y).assign(year=y) for y in views.league_years(ds)]
    out = pd.concat(frames, ignore_index=True)
    return out[out["state"].isin(states)][["state", "year", "districts"]].reset_index(drop=True)


def connectivity_history(ds: Datasets, states: Sequence[str], metric: str) -> pd.DataFrame:
    """Long frame (state, year, value, qualifier): each edition's own published figure; unpublished
    editions have no row (so a chart draws no marker there)."""
    frames = [views.connectivity_by_state(ds, metric, y).assign(year=y)
              for y in views.connectivity_years(ds, metric)]
    if not frames:
        return pd.DataFrame(columns=["state", "year", "value", "qualifier"])
    out = pd.concat(frames, ignore_index=True)
    out = out[out["state"].isin(states) & out["value"].notna()]
    return out[["state", "year", "value", "qualifier", "basis"]].reset_index(drop=True)


def connectivity_metrics(ds: Datasets) -> list[str]:
    """Metrics with a map layer that at least one state has an edition's own figure for."""
    rows = ds.connectivity[ds.connectivity["data_year"] == ds.connectivity["report_year"]]
    present = set(rows["metric"].unique())
    return [m for m in CONNECTIVITY_LAYERS if m in present]
