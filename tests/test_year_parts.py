"""Every year of a map differs from the others only in its traces and the layout entries sent per year, so
the browser can step years by swapping those (cbe_dash/ui/instant_years.js) and draw what the server would."""
from __future__ import annotations

import json
from functools import cache

import pytest

from cbe_dash import data, maps, views
from cbe_dash.screen_sizes import fit
from cbe_dash.year_parts import YEAR_LAYOUT_KEYS, year_parts

DS = data.load_datasets()
MAPS = {
    "policy": (maps.policy_frame, maps.policy_figure, lambda y: ("credit_policy", y), views.policy_years(DS)),
    "diploma": (maps.policy_frame, maps.policy_figure, lambda y: ("diploma_policy", y), views.policy_years(DS)),
    "league": (maps.league_frame, maps.league_figure, lambda y: (y,), views.league_years(DS)),
    "connectivity": (maps.connectivity_frame, maps.connectivity_figure,
                     lambda y: ("pct_districts_meeting_100kbps", y),
                     maps.connectivity_years(DS, "pct_districts_meeting_100kbps")),
}


@cache
def frame(kind: str, year: int):
    """A map's frame, built once for every view and size (as the app's cache does)."""
    make, _, args, _ = MAPS[kind]
    return make(DS, *args(year))


def figure(kind: str, year: int, view: str, size: str):
    _, build, args, _ = MAPS[kind]
    return fit(build(DS, *args(year), view, frame=frame(kind, year)), size)


def spec(kind: str, year: int, view: str, size: str) -> dict:
    return json.loads(figure(kind, year, view, size).to_json())


@pytest.mark.parametrize("size", ["page", "present", "phone"])
@pytest.mark.parametrize("view", ["map", "tiles"])
@pytest.mark.parametrize("kind", list(MAPS))
def test_a_maps_years_differ_only_in_what_is_sent_per_year(kind: str, view: str, size: str) -> None:
    years = MAPS[kind][3]
    rest = {json.dumps({k: v for k, v in spec(kind, y, view, size)["layout"].items() if k not in YEAR_LAYOUT_KEYS},
                       sort_keys=True) for y in years}
    assert len(years) > 1 and len(rest) == 1


@pytest.mark.parametrize("view", ["map", "tiles"])
def test_a_years_parts_are_its_traces_title_and_lines_as_plain_json(view: str) -> None:
    years = MAPS["league"][3]
    fig = figure("league", years[0], view, "page")
    parts = year_parts(fig)
    assert json.loads(json.dumps(parts)) == parts  # what the browser receives, unchanged
    full = json.loads(fig.to_json())
    assert parts["data"] == full["data"]
    assert str(years[0]) in parts["layout"]["title"]["text"]
    assert parts["layout"]["annotations"] == full["layout"]["annotations"]
    assert parts["layout"]["shapes"] == full["layout"].get("shapes", [])  # sent empty too: clears the last year's
