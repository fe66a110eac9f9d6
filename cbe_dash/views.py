"""Pure functions of (Datasets, year, ...) -> tidy frames, one row per state unless said otherwise.

Views never fill a gap: a value no source publishes stays NA all the way to the figure.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cbe_dash.data import Datasets
from cbe_dash.palette import NO_DATA
from cbe_dash.states import STATE_CODES, state_name

POLICY_FIELDS: tuple[str, ...] = ("credit_policy", "diploma_policy", "snapshot_category")
LEAGUE_FIRST_YEAR = 2011


def _all_states() -> pd.DataFrame:
    return pd.DataFrame({"state": list(STATE_CODES)})


# --- policy ---------------------------------------------------------------------------------------------

def last_snapshot_edition(ds: Datasets) -> int:
    """The Snapshot map series ended with this edition: no state has a category after it."""
    return int(ds.policy_counts["year"].max())


def policy_years(ds: Datasets) -> list[int]:
    """Years the policy map offers: from the first Snapshot edition to the latest dated event."""
    first = int(ds.policy_counts["year"].min())
    last = int(ds.state_policy["year"].max())
    return list(range(first, last + 1))


#: year_basis words as a reader sees them: a dated enactment, or a status only known as of a source's date.
EFFECTIVE, AS_OF = "effective", "as_of"


def events_in_force(ds: Datasets, year: int) -> dict[tuple[str, str], tuple[int, str, str, str]]:
    """(state, field) -> (year, value, source_id, year_basis) of the event in force at the end of ``year``.

    Plain Python over the ~200 events: several times faster than sort/groupby/merge in pandas, and this
    runs for every year a map shows. Among events of the same year the later row in the file wins.
    """
    snapshot_over = year > last_snapshot_edition(ds)
    events = ds.state_policy
    latest: dict[tuple[str, str], tuple[int, str, str, str]] = {}
    for state, fld, when, value, source, basis in zip(events["state"], events["field"], events["year"],
                                                      events["value"], events["source_id"], events["year_basis"]):
        if when > year or (snapshot_over and fld == "snapshot_category"):
            continue
        known = latest.get((state, fld))
        if known is None or when >= known[0]:
            latest[(state, fld)] = (int(when), value, source, basis)
    return latest


def policy_status(ds: Datasets, year: int) -> pd.DataFrame:
    """Status per state at the end of ``year`` on each rubric; unknown stays NA.

    Columns: state, then per field ``<field>``, ``<field>_year`` (year of the event in force),
    ``<field>_source`` (its source_id) and ``<field>_basis`` ("effective": the year a dated enactment took
    effect; "as_of": only the date of a source that reports the status, which may be older).
    """
    latest = events_in_force(ds, year)
    columns: dict[str, object] = {"state": pd.Series(list(STATE_CODES), dtype=object)}  # as the tables hold it
    for fld in POLICY_FIELDS:
        found = [latest.get((state, fld)) for state in STATE_CODES]
        columns[fld] = pd.array([e[1] if e else pd.NA for e in found], dtype="string")
        columns[f"{fld}_year"] = pd.array([e[0] if e else pd.NA for e in found], dtype="Int64")
        columns[f"{fld}_source"] = pd.array([e[2] if e else pd.NA for e in found], dtype="string")
        columns[f"{fld}_basis"] = pd.array([e[3] if e else pd.NA for e in found], dtype="string")
    return pd.DataFrame(columns)


def evidence_text(year: object, basis: object) -> str:
    """How a status is dated, in words: "in force since 2014" or "known only as of a 2019 source"."""
    if year is None or pd.isna(year):
        return NO_DATA
    if basis == AS_OF:
        return f"known only as of a {int(year)} source (may be older)"
    return f"in force since {int(year)}"


#: Kinds of difference between two years, as policy_transitions labels them.
CHANGED, FIRST_DOCUMENTED, NO_LONGER_DOCUMENTED = "changed", "first documented", "no longer documented"


def policy_transitions(ds: Datasets, field: str, from_year: int, to_year: int) -> pd.DataFrame:
    """Every state whose status on ``field`` differs between the two years, with what kind of difference.

    Only a move between two known statuses is a change (``kind`` "changed"): a state unknown in
    ``from_year`` and known in ``to_year`` was "first documented" (a source appeared, not necessarily a
    policy), and one known before and unknown after (the Snapshot series ended) is "no longer documented".
    Columns: state, name, kind, before, after, since (the year of the later status), evidence (words),
    source_id. Statuses never show as None: an unknown side reads "No data".
    """
    before = policy_status(ds, from_year)
    after = policy_status(ds, to_year)
    rows = []
    for state, old, new, when, basis, source in zip(after["state"], before[field], after[field],
                                                    after[f"{field}_year"], after[f"{field}_basis"],
                                                    after[f"{field}_source"]):
        old_known, new_known = not pd.isna(old), not pd.isna(new)
        if old_known and new_known and old != new:
            kind = CHANGED
        elif new_known and not old_known:
            kind = FIRST_DOCUMENTED
        elif old_known and not new_known:
            kind = NO_LONGER_DOCUMENTED
        else:
            continue
        rows.append({"state": state, "name": state_name(state), "kind": kind,
                     "before": old if old_known else NO_DATA, "after": new if new_known else NO_DATA,
                     "since": when, "evidence": evidence_text(when, basis) if new_known else NO_DATA,
                     "source_id": source})
    columns = ["state", "name", "kind", "before", "after", "since", "evidence", "source_id"]
    out = pd.DataFrame(rows, columns=columns)
    return out.astype({"since": "Int64", "source_id": "string"}).reset_index(drop=True)


def policy_changes(ds: Datasets, field: str, from_year: int, to_year: int) -> pd.DataFrame:
    """States whose known status on ``field`` in ``from_year`` became a different known status by ``to_year``.

    A state that only became known meanwhile is not a change: see policy_first_documented.
    """
    moves = policy_transitions(ds, field, from_year, to_year)
    return moves[moves["kind"] == CHANGED].drop(columns="kind").reset_index(drop=True)


def policy_first_documented(ds: Datasets, field: str, from_year: int, to_year: int) -> pd.DataFrame:
    """States with no known status on ``field`` in ``from_year`` and one by ``to_year`` (a source appeared)."""
    moves = policy_transitions(ds, field, from_year, to_year)
    return moves[moves["kind"] == FIRST_DOCUMENTED].drop(columns=["kind", "before"]).reset_index(drop=True)


def snapshot_counts(ds: Datasets) -> pd.DataFrame:
    """National Snapshot category counts per edition (year, category, count, dc, derived, source_id, note)."""
    return ds.policy_counts.sort_values(["year", "category"]).reset_index(drop=True)


# --- League of Innovative Schools ---------------------------------------------------------------------

@dataclass(frozen=True)
class LeagueTotal:
    """The League's own headline size for a year (the latest figure published for it)."""

    year: int
    districts: int
    districts_qualifier: str | None
    states: int | None
    as_of: str
    source_id: str

    @property
    def districts_text(self) -> str:
        return f"{self.districts_qualifier} {self.districts}" if self.districts_qualifier else str(self.districts)


def league_years(ds: Datasets) -> list[int]:
    last = int(max(ds.league_totals["year"].max(), ds.league["cohort_year"].max()))
    return list(range(LEAGUE_FIRST_YEAR, last + 1))


def league_members_by(ds: Datasets, year: int) -> pd.DataFrame:
    """Districts known (from sources) to have joined by the fall of ``year``: one row per district.

    A district with no sourced join year cannot be placed in time and is left out here; the roster
    is incomplete, so this is "known to have joined", never "all members".
    """
    spells = ds.league[ds.league["cohort_year"].notna() & (ds.league["cohort_year"] <= year)]
    latest = spells.sort_values(["district", "cohort_year"]).groupby("district", as_index=False).tail(1)
    return latest.sort_values(["state", "district"]).reset_index(drop=True)


def league_by_state(ds: Datasets, year: int) -> pd.DataFrame:
    """Per state: known districts as of the fall cohort of ``year`` (0 = none known, not "none exist")."""
    members = league_members_by(ds, year)
    counts = members.groupby("state").size().rename("districts").reset_index()
    out = _all_states().merge(counts, on="state", how="left")
    out["districts"] = out["districts"].fillna(0).astype("Int64")
    return out


def league_outside_states(ds: Datasets, year: int) -> pd.DataFrame:
    """Known members not on the state map (DoD schools abroad, or state not given by any source)."""
    members = league_members_by(ds, year)
    return members[~members["state"].isin(STATE_CODES)].reset_index(drop=True)


def league_total(ds: Datasets, year: int) -> LeagueTotal | None:
    """The latest published League size for ``year``; None when the League published none for it."""
    rows = ds.league_totals[ds.league_totals["year"] == year]
    if rows.empty:
        return None
    row = rows.sort_values("as_of").iloc[-1]
    return LeagueTotal(
        year=int(row["year"]),
        districts=int(row["districts"]),
        districts_qualifier=None if pd.isna(row["districts_qualifier"]) else str(row["districts_qualifier"]),
        states=None if pd.isna(row["states"]) else int(row["states"]),
        as_of=str(row["as_of"]),
        source_id=str(row["source_id"]),
    )


def league_districts(ds: Datasets, states: list[str] | None = None) -> pd.DataFrame:
    """Every known membership spell (optionally for some states), with the state's name, newest first."""
    rows = ds.league if not states else ds.league[ds.league["state"].isin(states)]
    out = rows.sort_values(["state", "cohort_year", "district"], na_position="last").copy()
    out.insert(2, "state_name", out["state"].map(lambda s: state_name(s) if isinstance(s, str) else pd.NA))
    return out.reset_index(drop=True)


# --- connectivity ---------------------------------------------------------------------------------------

def connectivity_years(ds: Datasets, metric: str) -> list[int]:
    rows = ds.connectivity[ds.connectivity["metric"] == metric]
    return sorted(int(y) for y in rows["report_year"].unique())


def connectivity_by_state(ds: Datasets, metric: str, report_year: int) -> pd.DataFrame:
    """Per state: the value a ``report_year`` edition published for its own year; NA where unpublished.

    Values a later edition quotes for an earlier year (data_year < report_year) are not this edition's
    figure and stay out.
    """
    rows = ds.connectivity
    rows = rows[(rows["metric"] == metric) & (rows["report_year"] == report_year) & (rows["data_year"] == report_year)]
    cols = ["state", "value", "unit", "qualifier", "basis", "source_id", "note"]
    out = _all_states().merge(rows[[c for c in cols if c in rows.columns]], on="state", how="left")
    if "basis" not in out:  # a data folder from before the basis column: say nothing rather than guess
        out["basis"] = pd.Series(pd.NA, index=out.index, dtype="string")
    return out


#: connectivity.csv `basis` words as readers see them (hover, tables, CSV).
BASIS_WORDS: dict[str, str] = {
    "national_report": "national report table",
    "national_list": "named in a national report's list",
    "publisher_release": "report publisher's state release",
    "state_release": "state or news release (self-reported)",
}
#: The basis every state of an edition shares: the only values compared with each other by default.
COMPARABLE_BASIS = "national_report"


def basis_words(basis: object) -> str:
    """A basis code in words; "No data" when the row has none."""
    if basis is None or pd.isna(basis):
        return NO_DATA
    return BASIS_WORDS.get(str(basis), str(basis).replace("_", " "))


def home_internet_by_state(ds: Datasets) -> pd.DataFrame:
    """Per state: % of households with no internet access (ACS 5-year)."""
    cols = ["state", "pct_households_no_internet", "acs_period", "source_id"]
    return _all_states().merge(ds.home_internet[cols], on="state", how="left")


def national_connectivity(ds: Datasets, metric: str) -> pd.DataFrame:
    """National headline series for one metric: report_year, value, unit, qualifier, source_id."""
    rows = ds.connectivity_national[ds.connectivity_national["metric"] == metric]
    return rows.sort_values("report_year").reset_index(drop=True)


# --- sources --------------------------------------------------------------------------------------------

def source_labels(ds: Datasets) -> dict[str, str]:
    """source_id -> short citation, "Aurora Institute (2019)" or "Digital Promise (2012), copy on scribd.com"."""
    if not ds.available("sources"):  # none when sources are unavailable
        return {}
    sources, years = ds.sources, ds.sources["published"].str.slice(0, 4)
    labels = sources["publisher"] + years.map(lambda y: f" ({y})", na_action="ignore").fillna("")
    copies = sources["host"].where(sources["kind"].eq("copy")) if {"kind", "host"} <= set(sources) else None
    return dict(zip(sources["source_id"], labels if copies is None else labels + copies.map(
        lambda h: f", copy on {h}", na_action="ignore").fillna("")))


def source_label(ds: Datasets, source_id: str | None) -> str | None:
    """Short citation for one source_id; None for no source."""
    if source_id is None or pd.isna(source_id):
        return None
    return source_labels(ds).get(source_id)


def sources_for(ds: Datasets, source_ids: pd.Series) -> pd.DataFrame:
    """The sources rows behind a set of source_ids, in first-use order."""
    ids = list(dict.fromkeys(s for s in source_ids.dropna()))
    table = ds.sources.set_index("source_id")
    return table.loc[[i for i in ids if i in table.index]].reset_index()


def league_2016_evidence(ds: Datasets) -> dict[str, int]:
    """How many districts sources place in the League in 2016-17, by strength of evidence."""
    rows = ds.league[ds.league["member_2016_17"] != "see_other_spell"]
    counts = rows.drop_duplicates("district")["member_2016_17"].value_counts()
    return {k: int(counts.get(k, 0)) for k in ("confirmed", "likely", "seed_article", "possible")}
