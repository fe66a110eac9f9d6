"""The data behind each view, as tidy tables to download: what the view shows, and the full series.

Every table keeps each value's `source_id` (joins to sources.csv) and its `source_url`; publisher names
and titles stay in sources.csv. Gaps stay empty (NA), never 0. All functions are pure (Datasets in).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from cbe_dash import explore, maps, views
from cbe_dash.data import Datasets
from cbe_dash.export import with_source_urls
from cbe_dash.profile import state_indicators
from cbe_dash.states import STATE_CODES, state_name


@dataclass(frozen=True)
class ViewTable:
    """One downloadable table: file stem, title, rows, the datasets (resource names) it is built from,
    and definitions of the columns that are not plain copies of a dataset's column."""

    name: str
    title: str
    frame: pd.DataFrame
    resources: tuple[str, ...]
    definitions: dict[str, str] = field(default_factory=dict)


_STATE_NAME = "State or DC name (from the USPS code)"
_STATUS_RULE = ("status at the end of the year: the value of the state's latest dated event up to that year in "
                "state_policy_events.csv; empty = unknown (no event yet)")


def _named(frame: pd.DataFrame, column: str = "state", at: int = 1) -> pd.DataFrame:
    out = frame.copy()
    out.insert(at, "name", out[column].map(lambda s: state_name(s) if isinstance(s, str) and s in STATE_CODES else pd.NA).astype("string"))
    return out


# --- policy ---------------------------------------------------------------------------------------------

def _policy_panel(ds: Datasets, years: Sequence[int], fields: Sequence[str]) -> pd.DataFrame:
    frames = []
    for year in years:
        status = views.policy_status(ds, year)
        part = pd.DataFrame({"state": status["state"], "year": year})
        for fld in fields:
            part[fld] = status[fld]
            part[f"{fld}_since"] = status[f"{fld}_year"]
            part[f"{fld}_source_id"] = status[f"{fld}_source"]
        frames.append(part)
    return with_source_urls(ds, _named(pd.concat(frames, ignore_index=True)))


def _policy_definitions(fields: Sequence[str]) -> dict[str, str]:
    out = {"name": _STATE_NAME, "year": "Year whose end the status describes"}
    for fld in fields:
        out[fld] = f"{maps.POLICY_LAYERS[fld].label}: {_STATUS_RULE}"
        out[f"{fld}_since"] = f"Year of the event in force for {fld} (its `year` in state_policy_events.csv)"
    return out


def policy(ds: Datasets, layer: str, year: int) -> ViewTable:
    label = maps.POLICY_LAYERS[layer].label
    return ViewTable(f"cbe-dash-{layer}-{year}", f"{label} by state, {year}",
                     _policy_panel(ds, [year], [layer]), ("state_policy_events",), _policy_definitions([layer]))


def policy_full(ds: Datasets) -> ViewTable:
    years = views.policy_years(ds)
    return ViewTable("cbe-dash-policy-all-years", f"State CBE policy status by state, {years[0]}-{years[-1]}",
                     _policy_panel(ds, years, views.POLICY_FIELDS), ("state_policy_events",),
                     _policy_definitions(views.POLICY_FIELDS))


# --- League ---------------------------------------------------------------------------------------------

_LEAGUE_COLUMNS = ["district", "state", "name", "cohort_year", "status", "spell", "verification", "member_2016_17",
                   "city", "note", "source_id"]


def _league(ds: Datasets, rows: pd.DataFrame) -> pd.DataFrame:
    return with_source_urls(ds, _named(rows, at=2)[_LEAGUE_COLUMNS].reset_index(drop=True))


def league(ds: Datasets, year: int) -> ViewTable:
    """The districts the map counts: known from sources to have joined by the fall of `year`."""
    return ViewTable(f"cbe-dash-league-{year}", f"League of Innovative Schools districts known by fall {year}",
                     _league(ds, views.league_members_by(ds, year)), ("league_members",), {"name": _STATE_NAME})


def league_districts(ds: Datasets, states: Sequence[str] | None = None) -> ViewTable:
    """The district list as the League page shows it (optionally for some states): every membership spell."""
    rows = views.league_districts(ds, list(states) if states else None)
    suffix = f" in {', '.join(states)}" if states else ""
    return ViewTable("cbe-dash-league-districts" + ("-" + "-".join(states) if states else ""),
                     f"League of Innovative Schools membership records{suffix}", _league(ds, rows),
                     ("league_members",), {"name": _STATE_NAME})


def league_full(ds: Datasets) -> ViewTable:
    return ViewTable("cbe-dash-league-all", "League of Innovative Schools districts, every known membership spell",
                     _league(ds, views.league_districts(ds)), ("league_members",), {"name": _STATE_NAME})


# --- connectivity ---------------------------------------------------------------------------------------

def _home_internet(ds: Datasets) -> ViewTable:
    frame = _named(views.home_internet_by_state(ds))
    return ViewTable("cbe-dash-home-internet", "Households with no internet access by state (ACS 5-year)",
                     with_source_urls(ds, frame), ("home_internet",), {"name": _STATE_NAME})


def connectivity(ds: Datasets, metric: str, year: int) -> ViewTable:
    """One row per state: the value the `year` edition published for its own year; empty where none."""
    if metric == "home_internet":
        return _home_internet(ds)
    rows = views.connectivity_by_state(ds, metric, year)
    frame = _named(rows.assign(metric=metric, report_year=year))[
        ["state", "name", "metric", "report_year", "value", "unit", "qualifier", "note", "source_id"]]
    label = maps.CONNECTIVITY_LAYERS[metric].label
    return ViewTable(f"cbe-dash-{metric}-{year}", f"{label} by state, {year} edition",
                     with_source_urls(ds, frame), ("connectivity",), {"name": _STATE_NAME})


def connectivity_full(ds: Datasets, metric: str) -> ViewTable:
    """Every published row of the measure: all states, editions and quoted years."""
    if metric == "home_internet":
        return _home_internet(ds)
    rows = ds.connectivity[ds.connectivity["metric"] == metric].sort_values(["report_year", "state", "data_year"])
    label = maps.CONNECTIVITY_LAYERS[metric].label
    return ViewTable(f"cbe-dash-{metric}-all", f"{label}, every state and edition",
                     with_source_urls(ds, _named(rows.reset_index(drop=True))), ("connectivity",),
                     {"name": _STATE_NAME})


# --- one state, several states ----------------------------------------------------------------------------

_PROFILE_DEFINITIONS = {
    "topic": "Dataset the row comes from", "indicator": "What the row states (rubric, district, measure, list)",
    "year": "Year of the event, cohort, data year or list", "value": "The value as the profile shows it, in words",
    "note": "Remark in CBE Dash's words (derivations, caveats, conflicts)",
}
_PROFILE_RESOURCES = ("state_policy_events", "league_members", "connectivity", "home_internet", "iln_members")


def _profile_rows(ds: Datasets, state: str) -> pd.DataFrame:
    rows = state_indicators(ds, state)
    rows = rows[[c for c in ["topic", "indicator", "year", "value", "note", "source_id"] if c in rows.columns]]
    return rows.assign(state=state)[["state", *rows.columns]]


def profile(ds: Datasets, state: str) -> ViewTable:
    return ViewTable(f"cbe-dash-{state}", f"Everything CBE Dash knows about {state_name(state)}",
                     with_source_urls(ds, _profile_rows(ds, state)), _PROFILE_RESOURCES, _PROFILE_DEFINITIONS)


def profile_full(ds: Datasets) -> ViewTable:
    frame = pd.concat([_profile_rows(ds, s) for s in STATE_CODES], ignore_index=True)
    return ViewTable("cbe-dash-profiles-all", "Every state's sourced indicators", with_source_urls(ds, frame),
                     _PROFILE_RESOURCES, _PROFILE_DEFINITIONS)


# --- the cross table (Explore, Compare) -------------------------------------------------------------------

CROSS_RESOURCES = ("regions", "state_policy_events", "league_members", "iln_members", "connectivity", "home_internet")


def cross_sources(ds: Datasets, year: int) -> pd.DataFrame:
    """Per state, the source_id of each value in explore.cross_table(ds, year), from the same views."""
    out = ds.regions[["state", "source_id"]].rename(columns={"source_id": "region_source_id"})
    status = views.policy_status(ds, year)
    for fld in views.POLICY_FIELDS:
        out = out.merge(status[["state", f"{fld}_source"]].rename(columns={f"{fld}_source": f"{fld}_source_id"}),
                        on="state", how="right")
    iln = explore.iln_roles(ds, year)[["state", f"{explore.ILN_COLUMN}_source"]]
    out = out.merge(iln.rename(columns={f"{explore.ILN_COLUMN}_source": f"{explore.ILN_COLUMN}_source_id"}),
                    on="state", how="left")
    for metric in explore.CONNECTIVITY_COLUMNS:
        part = explore.latest_published(ds, metric, year)[["state", f"{metric}_source"]]
        out = out.merge(part.rename(columns={f"{metric}_source": f"{metric}_source_id"}), on="state", how="left")
    home = views.home_internet_by_state(ds)[["state", "source_id"]]
    out = out.merge(home.rename(columns={"source_id": f"{explore.HOME_INTERNET}_source_id"}), on="state", how="left")
    return out.astype({c: "string" for c in out.columns if c != "state"})


_CROSS_DEFINITIONS = {
    "name": _STATE_NAME, "year": "Year the row describes",
    **{f: f"{maps.POLICY_LAYERS[f].label}: {_STATUS_RULE} ('No data' in the displayed table)"
       for f in views.POLICY_FIELDS},
    explore.LEAGUE_COLUMN: "Districts known from sources to have joined the League by the fall of the year "
                           "(0 = none known, not none existing)",
    explore.ILN_COLUMN: "Role on the latest dated Innovation Lab Network list up to the year that names the state",
    f"{explore.ILN_COLUMN}_as_of": "Date of that list",
    **{f"{m}_year": "Edition (report year) the value comes from: the latest up to the year that published the state"
       for m in explore.CONNECTIVITY_COLUMNS},
    **{f"{m}_qualifier": "The source's hedge on the number (about, more than, ...)" for m in explore.CONNECTIVITY_COLUMNS},
    f"{explore.HOME_INTERNET}_period": "ACS 5-year period of the estimate",
}


def _with_cross_sources(ds: Datasets, shown: pd.DataFrame, year: int) -> pd.DataFrame:
    base = shown.drop(columns=["sources"], errors="ignore")
    out = base.merge(cross_sources(ds, year), on="state", how="left", validate="one_to_one")
    return with_source_urls(ds, out)


def cross(ds: Datasets, year: int, states: Sequence[str] | None = None,
          table: pd.DataFrame | None = None) -> ViewTable:
    """The Explore/Compare table for `year` (the given states, in that order; default all 51), each value
    with its source id. `table` is explore.cross_table(ds, year) when the caller has it cached."""
    table = explore.cross_table(ds, year) if table is None else table
    whole = ViewTable(f"cbe-dash-explore-{year}", f"Cross-dataset table, {year}, all 50 states and DC",
                      _with_cross_sources(ds, explore.shown_table(table), year), CROSS_RESOURCES, _CROSS_DEFINITIONS)
    return whole if states is None else for_states(whole, states)


def for_states(table: ViewTable, states: Sequence[str]) -> ViewTable:
    """The rows of some states (in the given order) of a one-row-per-state table."""
    rows = table.frame.set_index("state")
    chosen = [s for s in states if s in rows.index]
    stem = f"{table.name}-{'-'.join(chosen)}" if len(chosen) <= 6 else f"{table.name}-{len(chosen)}-states"
    title = table.title.replace("all 50 states and DC", f"{len(chosen)} state{'s' if len(chosen) != 1 else ''}")
    return ViewTable(stem, title, rows.loc[chosen].reset_index(), table.resources, table.definitions)


def cross_full(ds: Datasets, table_for: Callable[[int], pd.DataFrame] | None = None) -> ViewTable:
    """The cross table for every year the app offers, one row per state and year. `table_for(year)` gives
    explore.cross_table(ds, year), cached by the caller where it can be."""
    table_for = table_for or (lambda y: explore.cross_table(ds, y))
    years = explore.explore_years(ds)
    frames = []
    for year in years:
        part = _with_cross_sources(ds, explore.shown_table(table_for(year)), year)
        part.insert(2, "year", year)
        frames.append(part)
    return ViewTable("cbe-dash-explore-all-years", f"Cross-dataset table, every state, {years[0]}-{years[-1]}",
                     pd.concat(frames, ignore_index=True), CROSS_RESOURCES, _CROSS_DEFINITIONS)


# --- sources ----------------------------------------------------------------------------------------------

def sources(ds: Datasets) -> ViewTable:
    return ViewTable("cbe-dash-sources", "Sources", ds.sources.copy(), ("sources",))


# --- what each view offers ----------------------------------------------------------------------------------

_DISPLAYED: dict[str, Callable[..., ViewTable]] = {
    "policy": policy, "league": league, "connectivity": connectivity, "profile": profile, "cross": cross,
    "sources": sources,
}
_FULL: dict[str, Callable[..., ViewTable]] = {
    "policy": lambda ds, *_: policy_full(ds),
    "league": lambda ds, *_: league_full(ds),
    "connectivity": lambda ds, metric, *_: connectivity_full(ds, metric),
    "profile": lambda ds, *_: profile_full(ds),
    "cross": lambda ds, *_: cross_full(ds),
}
#: The views that offer downloads, with the settings each takes after `ds`.
KINDS: dict[str, str] = {"policy": "layer, year", "league": "year", "connectivity": "metric, year",
                         "profile": "state", "cross": "year", "sources": ""}


def displayed(ds: Datasets, kind: str, *args: object) -> ViewTable:
    """What the view of `kind` shows for its settings (`KINDS[kind]`)."""
    return _DISPLAYED[kind](ds, *args)


def full_name(kind: str, *args: object) -> str | None:
    """File stem of the view's full data (known without building it); None when it offers none."""
    if kind not in _FULL:
        return None
    return f"cbe-dash-{args[0]}-all" if kind == "connectivity" else f"cbe-dash-{kind}-all"


def full(ds: Datasets, kind: str, *args: object) -> ViewTable | None:
    """Every state and year of the view's dataset; None when the displayed table already is all of it."""
    build = _FULL.get(kind)
    if build is None:
        return None
    table = build(ds, *args)
    return ViewTable(full_name(kind, *args) or table.name, table.title, table.frame, table.resources,
                     table.definitions)
