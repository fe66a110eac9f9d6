"""What each static page shows, as plain data for the templates (the same views the app's pages use)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from cbe_dash import headlines, maps, profile, views
from cbe_dash.data import Datasets
from cbe_dash.palette import NO_DATA
from cbe_dash.site.timeline import MapTimeline, figure_dict
from cbe_dash.states import STATE_CODES, state_name

#: The three map sections: kind -> (menu label, page heading, label of its layer menu).
SECTIONS: dict[str, tuple[str, str, str]] = {
    "policy": ("Policy", "State CBE policy", "Layer"),
    "league": ("League coverage", "League of Innovative Schools coverage", "Map"),
    "connectivity": ("Connectivity gaps", "School connectivity gaps", "Measure"),
}
#: The live app's page for each kind and the URL parameter that holds a map's setting.
LIVE_PAGES: dict[str, tuple[str, str | None]] = {
    "policy": ("Policy", "layer"), "league": ("League", None), "connectivity": ("Connectivity", "metric"),
}


def map_href(kind: str, settings: tuple[str, ...]) -> str:
    """A map page's path from the site root."""
    return "maps/" + "-".join((kind, *settings)) + ".html"


def live_url(base: str | None, page: str = "", **params: str) -> str | None:
    """The live app's matching view, when a base URL is configured."""
    if not base:
        return None
    query = urlencode({k: v for k, v in params.items() if v})
    return base.rstrip("/") + "/" + page + (f"?{query}" if query else "")


def live_map_url(base: str | None, timeline: MapTimeline) -> str | None:
    page, param = LIVE_PAGES[timeline.kind]
    setting = {param: timeline.settings[0]} if param and timeline.settings else {}
    return live_url(base, page, **setting, year=str(timeline.default_year))


def sections(first_pages: dict[str, str]) -> list[dict[str, str]]:
    """The menu: each map section's first page."""
    return [{"label": SECTIONS[k][0], "href": href} for k, href in first_pages.items()]


def siblings(timeline: MapTimeline, all_settings: list[tuple[str, tuple[str, ...]]]) -> list[dict[str, Any]]:
    """The other layers or measures of the same section, as links relative to the maps/ folder."""
    out = []
    for kind, settings in all_settings:
        if kind != timeline.kind:
            continue
        layer = (maps.POLICY_LAYERS[settings[0]] if kind == "policy" else
                 maps.LEAGUE_LAYER if kind == "league" else maps.CONNECTIVITY_LAYERS[settings[0]])
        out.append({"label": layer.label, "href": map_href(kind, settings).removeprefix("maps/"),
                    "current": settings == timeline.settings})
    return out


def home_cards(ds: Datasets, first_pages: dict[str, str]) -> list[dict[str, Any]]:
    """One sentence and one small map per question (the home page's figures, from the same builders)."""
    builders = {"policy": maps.policy_figure, "league": maps.league_figure, "connectivity": maps.connectivity_figure}
    cards = []
    for kind, href in first_pages.items():
        fig = builders[kind](ds, *headlines.home_map_args(ds, kind))
        fig.update_layout(height=360)  # the app's small-multiple size
        cards.append({"label": SECTIONS[kind][0], "sentence": headlines.sentence(ds, kind),
                      "figure": figure_dict(fig), "href": href})
    return cards


@dataclass(frozen=True)
class Topic:
    name: str
    rows: list[dict[str, Any]]


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def policy_statuses(ds: Datasets) -> dict[int, pd.DataFrame]:
    """Every policy year's status table, computed once for all 51 state pages."""
    if not ds.available("state_policy", "policy_counts"):
        return {}
    return {year: views.policy_status(ds, year).set_index("state") for year in views.policy_years(ds)}


def policy_timeline(statuses: dict[int, pd.DataFrame], code: str) -> list[dict[str, str]]:
    """A state's status on each rubric, year by year, by the app's rule (latest sourced event in force);
    "No data" before its first event."""
    rows = []
    for year, status in statuses.items():
        row = status.loc[code]
        cells = {f: (NO_DATA if pd.isna(row[f]) else f"{row[f]} (since {int(row[f + '_year'])})")
                 for f in views.POLICY_FIELDS}
        rows.append({"year": str(year), **cells})
    return rows


def state_page(ds: Datasets, code: str, statuses: dict[int, pd.DataFrame]) -> dict[str, Any]:
    """A state's facts, policy timeline and every sourced indicator grouped by topic."""
    table = profile.state_indicators(ds, code)
    topics = [Topic(str(name), [{k: _text(row.get(k)) for k in ("indicator", "year", "value", "note", "source", "url")}
                                for row in part.to_dict("records")])
              for name, part in table.groupby("topic", sort=False)]
    return {"code": code, "name": state_name(code), "facts": profile.state_facts(ds, code), "topics": topics,
            "policy_labels": {f: maps.POLICY_LAYERS[f].label for f in views.POLICY_FIELDS},
            "timeline": policy_timeline(statuses, code),
            "missing": [name for name in profile.PARTS if not ds.available(name)]}


def state_list() -> list[tuple[str, str]]:
    return [(code, state_name(code)) for code in STATE_CODES]


def source_rows(ds: Datasets) -> list[dict[str, str]]:
    if not ds.available("sources"):
        return []
    return [{k: _text(v) for k, v in row.items()} for row in ds.sources.to_dict("records")]
