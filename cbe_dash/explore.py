"""The cross-dataset view: one row per state (50 + DC) for a year, every indicator a column.

Why a module of its own: the Explore and Compare pages, their downloads and the tests must all see the
same join. Each indicator comes from the same views the maps use, merged on the 51 USPS codes only,
so a state can never be duplicated or lost, and a value no source publishes stays NA (never 0).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from cbe_dash import views
from cbe_dash.data import Datasets
from cbe_dash.maps import CONNECTIVITY_LAYERS, POLICY_LAYERS
from cbe_dash.palette import NO_DATA, SCALES
from cbe_dash.states import STATE_CODES, state_name

#: Connectivity metrics carried into the table, each from the latest edition <= year that published it.
CONNECTIVITY_COLUMNS: tuple[str, ...] = ("pct_districts_meeting_100kbps", "students_not_meeting_100kbps")
HOME_INTERNET = "pct_households_no_internet"
LEAGUE_COLUMN = "league_districts"
ILN_COLUMN = "iln_member"
LEAGUE_PRESENCE: tuple[str, ...] = ("any", "with", "without")
LEAGUE_PRESENCE_LABELS = {"any": "Any", "with": "With districts", "without": "None known"}
#: The chart's opening pair: both known for all 51 states in the default (latest) year, one rubric and one
#: national survey measure, so the page opens on a full chart rather than on a handful of points.
DEFAULT_X, DEFAULT_Y = "credit_policy", "pct_households_no_internet"
#: Shown (and downloaded) in place of NA in a text column; numbers stay empty, never 0.
ILN_NOT_NAMED = "not on a dated list"

#: Tables (Datasets attribute names) the cross table joins: pass to ui.page(needs=...).
NEEDS: tuple[str, ...] = ("regions", "state_policy", "policy_counts", "league", "connectivity", "home_internet",
                          "iln", "sources")


@dataclass(frozen=True)
class Indicator:
    """A column the pickers offer: label, numeric or categorical (with its low -> high order), source."""

    key: str
    label: str
    kind: str  # "number" | "category"
    source: str
    categories: tuple[str, ...] = ()
    percent: bool = False  # a share: charts keep its axis at 0-100 so a small spread does not look large


def _census_order(ds: Datasets, column: str) -> tuple[str, ...]:
    """Region/division order as the Census Bureau lists them (the descriptor's enum), not alphabetical."""
    for fld in ds.package.resource("regions").fields:
        if fld.name == column and fld.enum:
            return tuple(str(v) for v in fld.enum)
    if not ds.available("regions"):  # neither described nor loaded (a partial datapackage.json)
        return ()
    return tuple(sorted(ds.regions[column].dropna().unique()))


def indicators(ds: Datasets) -> dict[str, Indicator]:
    """Every indicator of the cross table, in the order the pickers list them."""
    policy_source = "State statutes, rules and reports compiled by CBE Dash; Aurora Institute Snapshot maps"
    out = {f: Indicator(f, POLICY_LAYERS[f].label, "category", policy_source, SCALES[f].categories)
           for f in views.POLICY_FIELDS}
    out[LEAGUE_COLUMN] = Indicator(LEAGUE_COLUMN, "Known League districts", "number",
                                   "Digital Promise; district and news releases compiled by CBE Dash")
    out[ILN_COLUMN] = Indicator(ILN_COLUMN, "Innovation Lab Network role (latest dated list)", "category",
                                "CCSSO and partner lists of ILN states", ("affiliate", "member"))
    for metric in CONNECTIVITY_COLUMNS:
        out[metric] = Indicator(metric, CONNECTIVITY_LAYERS[metric].label, "number",
                                "EducationSuperHighway State of the States and state releases",
                                percent=metric.startswith("pct"))
    out[HOME_INTERNET] = Indicator(HOME_INTERNET, CONNECTIVITY_LAYERS["home_internet"].label, "number",
                                   "US Census Bureau, American Community Survey 5-year (B28002)", percent=True)
    region_source = "US Census Bureau regions and divisions"
    out["region"] = Indicator("region", "Census region", "category", region_source, _census_order(ds, "region"))
    out["division"] = Indicator("division", "Census division", "category", region_source,
                                _census_order(ds, "division"))
    return out


def source_note(ds: Datasets, keys: Sequence[str] | None = None, *, made: str = "Table") -> str:
    """One line naming the sources behind the given columns (all indicators by default)."""
    meta = indicators(ds)
    chosen = [meta[k] for k in (keys if keys is not None else meta) if k in meta]
    return "Source: " + "; ".join(dict.fromkeys(i.source for i in chosen)) + f". {made}: CBE Dash"


# --- the join -------------------------------------------------------------------------------------------

def explore_years(ds: Datasets) -> list[int]:
    """Years the cross table is offered for: the policy map's years (first Snapshot edition to latest event)."""
    return views.policy_years(ds)


def iln_roles(ds: Datasets, year: int) -> pd.DataFrame:
    """Per state: role on the latest *dated* ILN list (as_of <= year) that names it, and that list's date.

    What it means: "member (as of 2015-12-22)" says a list of that date named the state; it says nothing
    about later years (the network changed and was wound down in 2019). NA means no dated list up to
    ``year`` names the state: several lists are partial and some are undated (they cannot be placed in
    time and are left out), so absence from a list is never read as "not a member".
    """
    iln = ds.iln[ds.iln["as_of"].notna()].copy()
    iln = iln[iln["as_of"].astype(str).str[:4].astype(int) <= year]
    latest = iln.sort_values(["state", "as_of"]).groupby("state", as_index=False).tail(1)
    part = latest[["state", "role", "as_of", "source_id"]].rename(
        columns={"role": ILN_COLUMN, "as_of": f"{ILN_COLUMN}_as_of", "source_id": f"{ILN_COLUMN}_source"})
    return pd.DataFrame({"state": list(STATE_CODES)}).merge(part, on="state", how="left")


def latest_published(ds: Datasets, metric: str, year: int) -> pd.DataFrame:
    """Per state: the value from the latest edition <= ``year`` that published one for that state.

    Only an edition's own figures count (as on the maps); columns ``<metric>``, ``<metric>_year`` (the
    edition), ``<metric>_qualifier`` ("about", "more than"...) and ``<metric>_source``. NA where no edition
    up to ``year`` published the state.
    """
    frames = [views.connectivity_by_state(ds, metric, y).assign(edition=y)
              for y in views.connectivity_years(ds, metric) if y <= year]
    out = pd.DataFrame({"state": list(STATE_CODES)})
    cols = [metric, f"{metric}_year", f"{metric}_qualifier", f"{metric}_source", f"{metric}_basis"]
    if frames:
        rows = pd.concat(frames, ignore_index=True)
        rows = rows[rows["value"].notna()].sort_values(["state", "edition"]).groupby("state").tail(1)
        rows = rows.assign(basis=[pd.NA if pd.isna(b) else views.basis_words(b) for b in rows["basis"]])
        part = rows[["state", "value", "edition", "qualifier", "source_id", "basis"]]
        part.columns = ["state", *cols]
        out = out.merge(part, on="state", how="left")
    else:
        out = out.assign(**{c: pd.NA for c in cols})
    return out.astype({metric: "Float64", f"{metric}_year": "Int64", f"{metric}_qualifier": "string",
                       f"{metric}_source": "string", f"{metric}_basis": "string"})


def _source_labels(ds: Datasets, frame: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    """Per row, the short citations behind its values (first-use order, each once)."""
    known = views.source_labels(ds)  # once: building it per id made a year step on Explore take ~0.5 s
    labels = {s: known.get(s) for c in columns for s in frame[c].dropna().unique()}
    joined = []
    for _, row in frame[list(columns)].iterrows():
        names = [labels.get(v) for v in row if isinstance(v, str)]
        joined.append("; ".join(dict.fromkeys(n for n in names if n)) or pd.NA)
    return pd.Series(joined, index=frame.index, dtype="string")


def cross_table(ds: Datasets, year: int) -> pd.DataFrame:
    """All 51 states for ``year``: region, policy status (end of year), known League districts (fall
    cohort), ILN role, connectivity (latest edition <= year, with its year) and home internet (ACS).

    Every part is a 51-row frame keyed by state, merged one-to-one (pandas raises on a duplicate key),
    so the result always has exactly 51 rows, one per state, in USPS-code order. NA is kept.
    """
    out = pd.DataFrame({"state": pd.array(STATE_CODES, dtype="string")})
    out["name"] = out["state"].map(state_name).astype("string")
    out = out.merge(ds.regions[["state", "region", "division", "source_id"]].rename(
        columns={"source_id": "region_source"}), on="state", how="left", validate="one_to_one")

    status = views.policy_status(ds, year)
    keep = ["state", *views.POLICY_FIELDS, *(f"{f}_source" for f in views.POLICY_FIELDS)]
    out = out.merge(status[keep], on="state", how="left", validate="one_to_one")

    league = views.league_by_state(ds, year).rename(columns={"districts": LEAGUE_COLUMN})
    out = out.merge(league, on="state", how="left", validate="one_to_one")
    out = out.merge(iln_roles(ds, year), on="state", how="left", validate="one_to_one")
    for metric in CONNECTIVITY_COLUMNS:
        out = out.merge(latest_published(ds, metric, year), on="state", how="left", validate="one_to_one")

    home = views.home_internet_by_state(ds).rename(
        columns={"acs_period": f"{HOME_INTERNET}_period", "source_id": f"{HOME_INTERNET}_source"})
    out = out.merge(home, on="state", how="left", validate="one_to_one")

    source_cols = [c for c in out.columns if c.endswith("_source") and c != "region_source"] + ["region_source"]
    out["sources"] = _source_labels(ds, out, source_cols)
    out = out.drop(columns=source_cols)
    text = ["name", "region", "division", *views.POLICY_FIELDS, ILN_COLUMN, f"{ILN_COLUMN}_as_of",
            f"{HOME_INTERNET}_period"]
    out = out.astype({c: "string" for c in text} | {HOME_INTERNET: "Float64", LEAGUE_COLUMN: "Int64"})
    if len(out) != len(STATE_CODES) or out["state"].duplicated().any():
        raise AssertionError("cross_table must have exactly one row per state")
    return out


#: Display order of the table's columns (value, then its companions).
TABLE_COLUMNS: tuple[str, ...] = (
    "state", "name", "region", "division", *views.POLICY_FIELDS, LEAGUE_COLUMN,
    ILN_COLUMN, f"{ILN_COLUMN}_as_of",
    *(c for m in CONNECTIVITY_COLUMNS for c in (m, f"{m}_qualifier", f"{m}_year", f"{m}_basis")),
    HOME_INTERNET, f"{HOME_INTERNET}_period", "sources",
)


def shown_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table as the page shows and downloads it: policy gaps read "No data" (ILN: "not on a dated
    list"), an absent qualifier is blank; numeric gaps stay NA so columns still sort as numbers and a gap
    is never 0."""
    out = table[[c for c in TABLE_COLUMNS if c in table.columns]].copy()
    for column in views.POLICY_FIELDS:
        out[column] = out[column].fillna(NO_DATA)
    if ILN_COLUMN in out:
        out[ILN_COLUMN] = out[ILN_COLUMN].fillna(ILN_NOT_NAMED)
    for metric in CONNECTIVITY_COLUMNS:  # no qualifier means the source gave an exact figure
        if f"{metric}_qualifier" in out:
            out[f"{metric}_qualifier"] = out[f"{metric}_qualifier"].fillna("")
        if f"{metric}_basis" in out:  # where the figure comes from: a national table, a list or a release
            out[f"{metric}_basis"] = out[f"{metric}_basis"].fillna(NO_DATA)
    return out.reset_index(drop=True)


# Explore's filters and Compare's tables live in their own modules; their names stay reachable here, the
# one entry point the pages and tests use for the cross-dataset view.
__all__ = ["compare_table", "connectivity_history", "connectivity_metrics", "facts_table", "league_history",
           "policy_history", "THRESHOLDS", "Filters", "Threshold", "apply_filters", "summary", "unknown_counts"]
from cbe_dash.compare_tables import (compare_table, connectivity_history, connectivity_metrics,  # noqa: E402
                                     facts_table, league_history, policy_history)
from cbe_dash.explore_filters import (THRESHOLDS, Filters, Threshold, apply_filters, summary,  # noqa: E402
                                      unknown_counts)
