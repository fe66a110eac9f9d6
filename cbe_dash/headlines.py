"""One sentence per question for the home page, computed from the data (never typed in)."""
from __future__ import annotations

import pandas as pd

from cbe_dash import views
from cbe_dash.data import Datasets

HOME_CONNECTIVITY_METRIC = "pct_districts_meeting_100kbps"
GAP_METRIC = "students_not_meeting_100kbps"


def _millions(value: float) -> str:
    return f"{value / 1e6:.1f}".rstrip("0").rstrip(".") + " million"


def policy_sentence(ds: Datasets) -> str:
    year = views.policy_years(ds)[-1]
    status = views.policy_status(ds, year)
    credit = int(status["credit_policy"].isin(["permitted", "required"]).sum())
    statewide = int((status["diploma_policy"] == "statewide").sum())
    optional = int((status["diploma_policy"] == "optional").sum())
    return (f"In {year}, {credit} of 51 states (DC included) let or require districts to give credit for "
            f"demonstrated mastery; {statewide} have a statewide mastery-based diploma and {optional} an optional one.")


def league_sentence(ds: Datasets) -> str:
    first = views.league_total(ds, 2016)
    latest_year = int(ds.league_totals["year"].max())
    latest = views.league_total(ds, latest_year)
    known = len(views.league_members_by(ds, 2016))
    parts = []
    if first:
        parts.append(f"In fall 2016 the League counted {first.districts_text} districts in {first.states} states")
    if latest:
        states = f" in {latest.states} states" if latest.states else ""
        parts.append(f"by {latest_year}, {latest.districts_text}{states}")
    return "; ".join(parts) + f". Sources name {known} of the districts that had joined by fall 2016."


def connectivity_sentence(ds: Datasets) -> str:
    series = views.national_connectivity(ds, GAP_METRIC).dropna(subset=["value"])
    if len(series) < 2:
        return "National connectivity figures are not available."
    first, last = series.iloc[0], series.iloc[-1]
    return (f"Students in districts below the 100 kbps-per-student goal fell from {_millions(first['value'])} "
            f"({int(first['report_year'])}) to {_millions(last['value'])} ({int(last['report_year'])}); "
            "state figures were published for only some states after 2015.")


_SENTENCES = {"policy": policy_sentence, "league": league_sentence, "connectivity": connectivity_sentence}


def sentence(ds: Datasets, kind: str) -> str:
    return _SENTENCES[kind](ds)


def home_map_args(ds: Datasets, kind: str) -> tuple[object, ...]:
    """Settings of each home-page small multiple (same builders as the full pages)."""
    if kind == "policy":
        return ("credit_policy", views.policy_years(ds)[-1], "map")
    if kind == "league":
        return (2016, "map")
    from cbe_dash.maps import best_connectivity_year  # maps imports figures; only the home page needs it here

    return (HOME_CONNECTIVITY_METRIC, best_connectivity_year(ds, HOME_CONNECTIVITY_METRIC), "map")


def national_value(ds: Datasets, metric: str, year: int) -> pd.Series | None:
    """The national headline row for a metric and year, if the reports published one."""
    series = views.national_connectivity(ds, metric)
    row = series[series["report_year"] == year]
    return None if row.empty else row.iloc[0]
