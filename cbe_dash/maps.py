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
from cbe_dash.palette import SCALES, classify

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


def _source_names(ds: Datasets, ids: pd.Series) -> pd.Series:
    return ids.map(views.source_labels(ds)).astype("string")


def _map_frame(state: pd.Series, category: pd.Series, detail: pd.Series, source: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({"state": state.to_numpy(), "category": category.astype("string").to_numpy(),
                         "detail": detail.astype("string").to_numpy(), "source": source.to_numpy()})


# --- policy ---------------------------------------------------------------------------------------------

def policy_frame(ds: Datasets, field: str, year: int) -> pd.DataFrame:
    status = views.policy_status(ds, year)
    since = status[f"{field}_year"]
    detail = pd.Series(
        [pd.NA if pd.isna(v) else f"{v} (in force since {y})" for v, y in zip(status[field], since)], dtype="string")
    return _map_frame(status["state"], status[field], detail, _source_names(ds, status[f"{field}_source"]))


def policy_figure(ds: Datasets, field: str, year: int, view: str = "map",
                  frame: pd.DataFrame | None = None) -> go.Figure:
    """The policy map; `frame` is policy_frame(ds, field, year) when the caller already has it."""
    layer = POLICY_LAYERS[field]
    spec = MapSpec(title=f"{layer.label}, {year}", scale=SCALES[layer.scale_key],
                   source_line=_source_line("State statutes, rules and reports compiled by CBE Dash; Aurora Institute", ds),
                   subtitle=layer.question)
    frame = policy_frame(ds, field, year) if frame is None else frame
    return state_map(frame, spec, tiles=_tiles(ds, view))


# --- League ---------------------------------------------------------------------------------------------

def league_frame(ds: Datasets, year: int) -> pd.DataFrame:
    counts = views.league_by_state(ds, year)
    scale = SCALES[LEAGUE_LAYER.scale_key]
    detail = counts["districts"].map(lambda n: f"{n} known district{'s' if n != 1 else ''} (joined by fall {year})")
    source = pd.Series(["Digital Promise; district and news releases"] * len(counts), dtype="string")
    return _map_frame(counts["state"], classify(counts["districts"].astype("Float64"), scale), detail, source)


def league_figure(ds: Datasets, year: int, view: str = "map", frame: pd.DataFrame | None = None) -> go.Figure:
    """The League map; `frame` is league_frame(ds, year) when the caller already has it."""
    total = views.league_total(ds, year)
    known = len(views.league_members_by(ds, year))
    published = f"published League size: {total.districts_text} districts" if total else "no published size for this year"
    spec = MapSpec(title=f"{LEAGUE_LAYER.label}, fall {year}", scale=SCALES[LEAGUE_LAYER.scale_key],
                   source_line=_source_line("Digital Promise; district and news releases compiled by CBE Dash", ds),
                   subtitle=f"{known} districts known from sources; {published}")
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
    layer = CONNECTIVITY_LAYERS[metric]
    if metric == "home_internet":
        rows = views.home_internet_by_state(ds).rename(columns={"pct_households_no_internet": "value"})
        rows["qualifier"] = pd.NA
    else:
        rows = views.connectivity_by_state(ds, metric, year)
    detail = pd.Series([pd.NA if pd.isna(v) else value_text(v, q, layer.unit)
                        for v, q in zip(rows["value"], rows["qualifier"])], dtype="string")
    category = classify(rows["value"].astype("Float64"), SCALES[layer.scale_key])
    return _map_frame(rows["state"], category, detail, _source_names(ds, rows["source_id"]))


def connectivity_years(ds: Datasets, metric: str) -> list[int]:
    if metric == "home_internet":
        return [int(str(ds.home_internet["acs_period"].iloc[0])[-4:])]
    return views.connectivity_years(ds, metric)


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
    spec = MapSpec(title=title, scale=SCALES[layer.scale_key], source_line=_source_line(source, ds), subtitle=layer.question)
    frame = connectivity_frame(ds, metric, year) if frame is None else frame
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


def takeaway(frame: pd.DataFrame, scale_key: str, label: str) -> str:
    """One line a presenter can read out: how many states fall in each category, highest first."""
    scale = SCALES[scale_key]
    counts = frame["category"].value_counts()
    parts = [f"{int(counts[c])} {c}" for c in reversed(scale.categories) if counts.get(c, 0)]
    missing = int(frame["category"].isna().sum())
    tail = f"; no data for {missing}" if missing else ""
    return f"{label}: " + ", ".join(parts) + tail + "."


def snapshot_counts_line(ds: Datasets, year: int) -> str:
    """The national counts of the Snapshot edition in force: per-state categories were published only as images."""
    counts = views.snapshot_counts(ds)
    editions = counts[counts["year"] <= year]["year"]
    if editions.empty or year > views.last_snapshot_edition(ds):
        return "No Snapshot map edition is in force for this year (the series ran 2012-2020)."
    edition = int(editions.max())
    rows = counts[counts["year"] == edition].set_index("category")
    parts = []
    for category in reversed(SCALES["snapshot_category"].categories):
        if category not in rows.index:
            continue
        row = rows.loc[category]
        number = "an unstated number of" if pd.isna(row["count"]) else str(int(row["count"]))
        dc = f" ({row['dc']})" if isinstance(row["dc"], str) else ""
        parts.append(f"{number} {category}{dc}")
    return (f"The {edition} map edition counted " + ", ".join(parts)
            + " states; most per-state placements were published only as map images, so only a few states are shown.")
