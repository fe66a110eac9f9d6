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
from cbe_dash.profile import state_facts
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
    labels = {s: views.source_label(ds, s) for c in columns for s in frame[c].dropna().unique()}
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


# --- filters --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Threshold:
    """A connectivity test such as "districts meeting 100 kbps under 100%"; ``op`` is "lt" or "ge"."""

    column: str
    op: str
    value: float

    @property
    def key(self) -> str:
        return f"{self.column}_{self.op}_{self.value:g}"

    def label(self) -> str:
        name = CONNECTIVITY_LAYERS["home_internet" if self.column == HOME_INTERNET else self.column].label
        percent = self.column.startswith("pct")
        number = f"{self.value:g}%" if percent else f"{self.value:,.0f}"
        return f"{name}: {'under' if self.op == 'lt' else 'at least'} {number}"

    def test(self, values: pd.Series) -> pd.Series:
        """True/False per value; NA where the value is NA (the caller decides, and counts those)."""
        numbers = pd.to_numeric(values, errors="coerce").astype("Float64")
        return numbers < self.value if self.op == "lt" else numbers >= self.value


#: The thresholds the page offers (a fixed set, so a link can name one safely).
THRESHOLDS: dict[str, Threshold] = {t.key: t for t in (
    *(Threshold("pct_districts_meeting_100kbps", "lt", v) for v in (100, 99, 95, 90, 75, 50)),
    *(Threshold("students_not_meeting_100kbps", "ge", v) for v in (1, 10_000, 100_000)),
    *(Threshold(HOME_INTERNET, "ge", v) for v in (10, 15, 20)),
)}


@dataclass(frozen=True)
class Filters:
    """What the analyst narrowed the table to. Empty tuples mean "no filter on this"; a policy filter may
    include NO_DATA to keep states whose status is unknown."""

    regions: tuple[str, ...] = ()
    divisions: tuple[str, ...] = ()
    credit_policy: tuple[str, ...] = ()
    diploma_policy: tuple[str, ...] = ()
    snapshot_category: tuple[str, ...] = ()
    league: str = "any"
    threshold: Threshold | None = None
    states: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.league not in LEAGUE_PRESENCE:
            raise ValueError(f"league must be one of {LEAGUE_PRESENCE}")

    @property
    def active(self) -> bool:
        return self != Filters()


def _masks(table: pd.DataFrame, filters: Filters) -> dict[str, tuple[pd.Series, pd.Series]]:
    """Per active filter: (passes, unknown). ``unknown`` marks rows excluded only for lack of a value."""
    none = pd.Series(False, index=table.index)
    masks: dict[str, tuple[pd.Series, pd.Series]] = {}
    if filters.regions:
        masks["region"] = (table["region"].isin(filters.regions).fillna(False).astype(bool), none)
    if filters.divisions:
        masks["division"] = (table["division"].isin(filters.divisions).fillna(False).astype(bool), none)
    for fld in views.POLICY_FIELDS:
        chosen = getattr(filters, fld)
        if chosen:
            values = table[fld]
            known = values.notna().astype(bool)
            passes = (values.isin(chosen).fillna(False).astype(bool) & known) | (~known & (NO_DATA in chosen))
            masks[fld] = (passes, ~known & (NO_DATA not in chosen))
    if filters.league != "any":
        count = table[LEAGUE_COLUMN]
        has = (count >= 1).fillna(False).astype(bool)
        masks[LEAGUE_COLUMN] = (has if filters.league == "with" else (count == 0).fillna(False).astype(bool),
                                count.isna().astype(bool))
    if filters.threshold is not None:
        result = filters.threshold.test(table[filters.threshold.column])
        masks["threshold"] = (result.fillna(False).astype(bool), result.isna().astype(bool))
    if filters.states:
        masks["states"] = (table["state"].isin(filters.states).astype(bool), none)
    return masks


def apply_filters(table: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Rows passing every filter. A state with no value never passes a test on that value (it is
    excluded, and ``summary`` counts it), except a policy filter that explicitly includes NO_DATA."""
    keep = pd.Series(True, index=table.index)
    for passes, _ in _masks(table, filters).values():
        keep &= passes
    return table[keep.to_numpy()].reset_index(drop=True)


def unknown_counts(table: pd.DataFrame, filters: Filters) -> dict[str, int]:
    """Per filter: states that pass every other filter but have no value to test on this one."""
    masks = _masks(table, filters)
    out: dict[str, int] = {}
    for name, (_, unknown) in masks.items():
        others = pd.Series(True, index=table.index)
        for other, (passes, _) in masks.items():
            if other != name:
                others &= passes
        count = int((others & unknown).sum())
        if count:
            out[name] = count
    return out


_POLICY_NAMES = {"credit_policy": "CBE credit policy", "diploma_policy": "mastery-based diploma",
                 "snapshot_category": "Snapshot category"}


def _unknown_phrase(name: str, count: int, filters: Filters) -> str:
    states = "state has" if count == 1 else "states have"
    if name == "threshold":
        return f"{count} more {states} no published connectivity value"
    if name in _POLICY_NAMES:
        return f"{count} more {states} no known {_POLICY_NAMES[name]} status"
    return f"{count} more {states} no value for {name.replace('_', ' ')}"


def summary(filtered: pd.DataFrame, total: pd.DataFrame, filters: Filters, *, max_names: int = 20) -> str:
    """Plain-language sentence for the current filter, e.g. "9 states match: Colorado, Idaho, ... (3 more
    states have no published connectivity value)". Built from state names and fixed labels only."""
    names = sorted(filtered["name"].dropna().astype(str))
    n = len(names)
    if not filters.active:
        head = f"No filter set: all {len(total)} states (DC included) are shown."
        return head
    if n == 0:
        head = "No state matches"
    else:
        listed = ", ".join(names[:max_names]) + (f" and {n - max_names} more" if n > max_names else "")
        head = f"{n} {'state matches' if n == 1 else 'states match'}: {listed}"
    extra = [_unknown_phrase(k, v, filters) for k, v in unknown_counts(total, filters).items()]
    return head + (f" ({'; '.join(extra)})" if extra else "") + "."


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
    """Long frame (state, year, field, value) of policy status at the end of each year; NA kept."""
    frames = []
    for year in years:
        status = views.policy_status(ds, year)
        status = status[status["state"].isin(states)]
        for fld in views.POLICY_FIELDS:
            frames.append(pd.DataFrame({"state": status["state"], "year": year, "field": fld,
                                        "value": status[fld]}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["state", "year", "field", "value"])


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
