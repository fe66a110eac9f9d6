"""The three maps' contents: view -> one row per state with category, hover detail and source.

Each builder is pure (Datasets in, figure out) so pages stay thin and figures can be cached whole.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from cbe_dash import views
from cbe_dash.data import Datasets
from cbe_dash.citation import figure_source_line
from cbe_dash.figures import MapSpec, state_map
from cbe_dash.palette import NO_DATA, SCALES, classify
from cbe_dash.states import STATE_CODES, state_name

VIEWS: tuple[str, ...] = ("map", "tiles")


@dataclass(frozen=True)
class Layer:
    """One thing a map can show: its label, the question it answers and its colour scale."""

    key: str
    label: str
    question: str
    scale_key: str
    unit: str = ""


POLICY_LAYERS: dict[str, Layer] = {
    "credit_policy": Layer("credit_policy", "CBE credit policy",
                           "Can students earn high-school credit by showing mastery instead of seat time?", "credit_policy"),
    "diploma_policy": Layer("diploma_policy", "Mastery-based diploma",
                            "Does the state have a mastery- or proficiency-based diploma?", "diploma_policy"),
    "snapshot_category": Layer("snapshot_category", "Snapshot category (Aurora/iNACOL)",
                               "Where did the Aurora Institute's Snapshot map place the state?", "snapshot_category"),
}

LEAGUE_LAYER = Layer("league", "League of Innovative Schools districts",
                     "Where are the League's member districts?", "league_districts", "districts")

CONNECTIVITY_LAYERS: dict[str, Layer] = {
    "pct_districts_meeting_100kbps": Layer("pct_districts_meeting_100kbps", "Districts meeting 100 kbps per student",
                                           "What share of districts met the FCC's 100 kbps-per-student goal?",
                                           "percent_meeting", "% of districts"),
    "pct_students_meeting_100kbps": Layer("pct_students_meeting_100kbps", "Students in districts meeting 100 kbps",
                                          "What share of students were in districts meeting 100 kbps per student?",
                                          "percent_meeting", "% of students"),
    "students_not_meeting_100kbps": Layer("students_not_meeting_100kbps", "Students not meeting 100 kbps",
                                          "How many students were still below 100 kbps per student?",
                                          "count_gap", "students"),
    "pct_schools_fiber": Layer("pct_schools_fiber", "Schools with the fiber they need",
                               "What share of schools had fiber (scalable) connections?", "percent_meeting", "% of schools"),
    "schools_needing_fiber": Layer("schools_needing_fiber", "Schools still needing fiber",
                                   "How many schools still lacked a scalable connection?", "count_gap", "schools"),
    "pct_districts_wifi_budget": Layer("pct_districts_wifi_budget", "Districts using E-rate Wi-Fi budgets",
                                       "What share of districts had started using their E-rate Wi-Fi budgets?",
                                       "percent_meeting", "% of districts"),
    "pct_districts_meeting_3usd_per_mbps": Layer("pct_districts_meeting_3usd_per_mbps",
                                                 "Districts paying $3/Mbps or less (affordability)",
                                                 "What share of districts met the $3 per Mbps affordability target?",
                                                 "percent_meeting", "% of districts"),
    "median_cost_per_mbps": Layer("median_cost_per_mbps", "Median cost per Mbps",
                                  "What did districts pay per Mbps per month?", "usd_per_mbps", "USD per Mbps per month"),
    "pct_districts_meeting_1mbps": Layer("pct_districts_meeting_1mbps", "Districts meeting 1 Mbps per student (Connect K-12)",
                                         "What share of districts met the FCC's long-term 1 Mbps goal?",
                                         "percent_meeting", "% of districts"),
    "home_internet": Layer("home_internet", "Households with no home internet (ACS)",
                           "What share of households had no internet at home (the homework gap)?",
                           "pct_no_home_internet", "% of households"),
}


#: Below this share of the 51 a layer/year is "thin": never a default, and the figure says so up front.
THIN_SHARE = 0.5
AS_OF_MARK = "Known only as of a later source"
RELEASE_MARK = "From a release, not the national table"


def _source_names(ds: Datasets, ids: pd.Series) -> pd.Series:
    return ids.map(views.source_labels(ds)).astype("string")


def _map_frame(state: pd.Series, category: pd.Series, detail: pd.Series, source: pd.Series,
               value: pd.Series | None = None, marked: pd.Series | None = None,
               basis: pd.Series | None = None) -> pd.DataFrame:
    """One row per state: category (NA = No data), detail and source text, the number behind the
    category (value, NA for policy), whether the state carries the map's ring (marked) and its basis."""
    n = len(state)
    return pd.DataFrame({
        "state": state.to_numpy(), "category": category.astype("string").to_numpy(),
        "detail": detail.astype("string").to_numpy(), "source": source.to_numpy(),
        "value": (value if value is not None else pd.Series([pd.NA] * n)).astype("Float64").to_numpy(),
        "marked": (marked if marked is not None else pd.Series([False] * n)).fillna(False).astype(bool).to_numpy(),
        "basis": (basis if basis is not None else pd.Series([pd.NA] * n)).astype("string").to_numpy(),
    })


def known_count(frame: pd.DataFrame) -> int:
    """States with a known value on the map (not No data)."""
    return int(frame["category"].notna().sum())


def is_thin(frame: pd.DataFrame) -> bool:
    """Known for fewer than half of the 51: not a national picture."""
    return known_count(frame) < THIN_SHARE * len(STATE_CODES)


def coverage_line(frame: pd.DataFrame) -> str:
    """The coverage words inside the figure; a thin layer says it plainly."""
    known = known_count(frame)
    if is_thin(frame):
        return f"Known for only {known} of 51 states (50 and DC): not a national picture"
    return f"Known for {known} of 51 states (50 and DC)"


def _subtitle(frame: pd.DataFrame, question: str) -> str:
    line = coverage_line(frame)
    return f"Thin coverage: {line[0].lower()}{line[1:]}." if is_thin(frame) else question


# --- policy ---------------------------------------------------------------------------------------------

def policy_frame(ds: Datasets, field: str, year: int) -> pd.DataFrame:
    """Policy per state; `marked` = the status is known only as of a source's date (year_basis as_of)."""
    status = views.policy_status(ds, year)
    since, basis = status[f"{field}_year"], status[f"{field}_basis"]
    detail = pd.Series([pd.NA if pd.isna(v) else f"{v}, {views.evidence_text(y, b)}"
                        for v, y, b in zip(status[field], since, basis)], dtype="string")
    marked = pd.Series([b == views.AS_OF for b in basis.fillna("")])
    words = pd.Series([pd.NA if pd.isna(b) else ("known only as of a source's date" if b == views.AS_OF
                                                 else "dated enactment") for b in basis], dtype="string")
    return _map_frame(status["state"], status[field], detail, _source_names(ds, status[f"{field}_source"]),
                      marked=marked, basis=words)


def policy_figure(ds: Datasets, field: str, year: int, view: str = "map",
                  frame: pd.DataFrame | None = None) -> go.Figure:
    """The policy map; `frame` is policy_frame(ds, field, year) when the caller already has it."""
    layer = POLICY_LAYERS[field]
    frame = policy_frame(ds, field, year) if frame is None else frame
    spec = MapSpec(title=f"{layer.label}, {year}", scale=SCALES[layer.scale_key],
                   source_line=_source_line("State statutes, rules and reports compiled by CBE Dash; Aurora Institute", ds),
                   subtitle=_subtitle(frame, layer.question), coverage=coverage_line(frame), mark_label=AS_OF_MARK)
    return state_map(frame, spec, tiles=_tiles(ds, view))


# --- League ---------------------------------------------------------------------------------------------

def league_frame(ds: Datasets, year: int) -> pd.DataFrame:
    counts = views.league_by_state(ds, year)
    scale = SCALES[LEAGUE_LAYER.scale_key]
    detail = counts["districts"].map(lambda n: f"{n} known district{'s' if n != 1 else ''} (joined by fall {year})")
    source = pd.Series(["Digital Promise; district and news releases"] * len(counts), dtype="string")
    return _map_frame(counts["state"], classify(counts["districts"].astype("Float64"), scale), detail, source,
                      value=counts["districts"])


def league_coverage(ds: Datasets, year: int, known: int | None = None) -> str:
    """The League map's coverage is of the roster: known districts over the League's published size.
    `known`: the number of districts known that year, when the caller has counted them."""
    known = len(views.league_members_by(ds, year)) if known is None else known
    total = views.league_total(ds, year)
    if total is None:
        return f"{known} districts known from sources; the League published no size for {year}"
    return (f"{known} of the {total.districts_text} districts the League counted in {year} are known from sources "
            f"({known / total.districts:.0%})")


def league_is_thin(ds: Datasets, year: int, known: int | None = None) -> bool:
    """Sources name fewer than half of the districts the League counted that year."""
    total = views.league_total(ds, year)
    if total is None:
        return False
    known = len(views.league_members_by(ds, year)) if known is None else known
    return known < THIN_SHARE * total.districts


def league_figure(ds: Datasets, year: int, view: str = "map", frame: pd.DataFrame | None = None) -> go.Figure:
    """The League map; `frame` is league_frame(ds, year) when the caller already has it."""
    known = len(views.league_members_by(ds, year))
    subtitle = ("Thin coverage: sources name fewer than half of the League's districts: not the whole League"
                if league_is_thin(ds, year, known) else
                "\"None known\" means no source names a member district there, not that none exists")
    spec = MapSpec(title=f"{LEAGUE_LAYER.label}, fall {year}", scale=SCALES[LEAGUE_LAYER.scale_key],
                   source_line=_source_line("Digital Promise; district and news releases compiled by CBE Dash", ds),
                   subtitle=subtitle,
                   coverage=league_coverage(ds, year, known))
    frame = league_frame(ds, year) if frame is None else frame
    return state_map(frame, spec, tiles=_tiles(ds, view))


# --- connectivity ---------------------------------------------------------------------------------------

def value_text(value: float, qualifier: object, unit: str) -> str:
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    prefix = "" if qualifier is None or pd.isna(qualifier) else f"{qualifier} "
    if unit.startswith("%"):
        return f"{prefix}{number}{unit}"
    if unit.startswith("USD"):
        return f"{prefix}${number} per Mbps per month"
    return f"{prefix}{number} {unit}"


def connectivity_frame(ds: Datasets, metric: str, year: int) -> pd.DataFrame:
    """Connectivity per state; `marked` = the value is not from the edition's national table (a list, a
    publisher's or a state's release), `basis` says which in words."""
    layer = CONNECTIVITY_LAYERS[metric]
    if metric == "home_internet":
        rows = views.home_internet_by_state(ds).rename(columns={"pct_households_no_internet": "value"})
        rows["qualifier"] = pd.NA
        rows["basis"] = pd.Series(["national_survey" if pd.notna(v) else pd.NA for v in rows["value"]])
        words = pd.Series(["national survey (ACS)" if pd.notna(v) else pd.NA for v in rows["value"]], dtype="string")
        marked = pd.Series([False] * len(rows))
    else:
        rows = views.connectivity_by_state(ds, metric, year)
        words = pd.Series([pd.NA if pd.isna(b) else views.basis_words(b) for b in rows["basis"]], dtype="string")
        marked = pd.Series([pd.notna(b) and b != views.COMPARABLE_BASIS for b in rows["basis"]])
    detail = pd.Series([pd.NA if pd.isna(v) else value_text(v, q, layer.unit) + ("" if pd.isna(w) else f", {w}")
                        for v, q, w in zip(rows["value"], rows["qualifier"], words)], dtype="string")
    category = classify(rows["value"].astype("Float64"), SCALES[layer.scale_key])
    return _map_frame(rows["state"], category, detail, _source_names(ds, rows["source_id"]),
                      value=rows["value"], marked=marked, basis=words)


def connectivity_years(ds: Datasets, metric: str) -> list[int]:
    if metric == "home_internet":
        return [int(str(ds.home_internet["acs_period"].iloc[0])[-4:])]
    return views.connectivity_years(ds, metric)


def best_connectivity_year(ds: Datasets, metric: str) -> int:
    """The default year for a measure: the edition known for the most states (earliest on a tie), so a
    page never opens on a thin year when a broader one exists."""
    years = connectivity_years(ds, metric)
    return max(years, key=lambda y: (known_count(connectivity_frame(ds, metric, y)), -y))


def connectivity_figure(ds: Datasets, metric: str, year: int, view: str = "map",
                        frame: pd.DataFrame | None = None) -> go.Figure:
    """The connectivity map; `frame` is connectivity_frame(ds, metric, year) when the caller has it."""
    layer = CONNECTIVITY_LAYERS[metric]
    if metric == "home_internet":
        period = str(ds.home_internet["acs_period"].iloc[0])
        title, source = f"{layer.label}, {period}", "US Census Bureau, American Community Survey 5-year (B28002)"
    else:
        edition = "Connect K-12" if year >= 2020 else "State of the States"
        title, source = f"{layer.label}, {year}", f"EducationSuperHighway {edition} {year} and state releases"
    frame = connectivity_frame(ds, metric, year) if frame is None else frame
    coverage = coverage_line(frame)
    released = int(frame["marked"].sum())
    if released:
        coverage += f"; {released} from releases or lists, not a national table (ringed; often self-reported)"
    spec = MapSpec(title=title, scale=SCALES[layer.scale_key], source_line=_source_line(source, ds),
                   subtitle=_subtitle(frame, layer.question), coverage=coverage,
                   mark_label=RELEASE_MARK if metric != "home_internet" else "")
    return state_map(frame, spec, tiles=_tiles(ds, view))


# --- shared ---------------------------------------------------------------------------------------------

def _source_line(text: str, ds: Datasets | None = None) -> str:
    """The figure's own credit line (it travels with a PNG/SVG export): with `ds`, the short citation form
    (producers, CBE Dash, data version, access date; see cbe_dash.citation)."""
    if ds is None:
        return f"Source: {text}. Chart: CBE Dash"
    return figure_source_line(text, ds.version)


def _tiles(ds: Datasets, view: str) -> pd.DataFrame | None:
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    return ds.tile_grid if view == "tiles" else None


def map_table(frame: pd.DataFrame, unit: str) -> pd.DataFrame:
    """A map's frame as analysts read it: word column names, numbers as numbers (NA stays NA, shown as
    "No data" by the page), "No data" in every text column that has no value, never None."""
    table = pd.DataFrame({
        "State": frame["state"].map(state_name).astype("string"),
        "Code": frame["state"].astype("string"),
        "Category": frame["category"].astype("string").fillna(NO_DATA),
        f"Value ({unit})" if unit else "Value": frame["value"].astype("Float64"),
        "Details": frame["detail"].astype("string").fillna(NO_DATA),
        "Basis": frame["basis"].astype("string").fillna(NO_DATA),
        "Source": frame["source"].astype("string").fillna(NO_DATA),
    })
    if frame["value"].isna().all():
        table = table.drop(columns=[c for c in table.columns if c.startswith("Value")])
    return table
