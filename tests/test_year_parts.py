"""Every year of a map differs from the others only in its traces and the layout entries sent per year, so
the browser can step years by swapping those (cbe_dash/ui/instant_years.js) and draw what the server would."""
from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache

import pytest

from cbe_dash import maps, views
from cbe_dash.data import Datasets
from cbe_dash.screen_sizes import fit
from cbe_dash.year_parts import YEAR_LAYOUT_KEYS, year_parts

#: kind -> (frame builder, figure builder, its settings for a year, its years)
MAPS = {
    "policy": (maps.policy_frame, maps.policy_figure, lambda y: ("credit_policy", y), views.policy_years),
    "diploma": (maps.policy_frame, maps.policy_figure, lambda y: ("diploma_policy", y), views.policy_years),
    "league": (maps.league_frame, maps.league_figure, lambda y: (y,), views.league_years),
    "connectivity": (maps.connectivity_frame, maps.connectivity_figure,
                     lambda y: ("pct_districts_meeting_100kbps", y),
                     lambda ds: maps.connectivity_years(ds, "pct_districts_meeting_100kbps")),
}


def years(ds: Datasets, kind: str) -> list[int]:
    return list(MAPS[kind][3](ds))


@pytest.fixture(scope="module")
def figure(ds: Datasets) -> Callable:
    """figure(kind, year, view, size): each year's frame built once for every view and size, as the app's
    cache does."""
    @cache
    def frame(kind: str, year: int):
        make, _, args, _ = MAPS[kind]
        return make(ds, *args(year))

    def build(kind: str, year: int, view: str, size: str):
        _, draw, args, _ = MAPS[kind]
        return fit(draw(ds, *args(year), view, frame=frame(kind, year)), size)
    return build


@pytest.mark.parametrize("size", ["page", "present", "phone"])
@pytest.mark.parametrize("view", ["map", "tiles"])
@pytest.mark.parametrize("kind", list(MAPS))
def test_a_maps_years_differ_only_in_what_is_sent_per_year(ds, figure, kind: str, view: str, size: str) -> None:
    every = years(ds, kind)
    layouts = [json.loads(figure(kind, y, view, size).to_json())["layout"] for y in every]
    rest = {json.dumps({k: v for k, v in layout.items() if k not in YEAR_LAYOUT_KEYS}, sort_keys=True)
            for layout in layouts}
    assert len(every) > 1 and len(rest) == 1


@pytest.mark.parametrize("view", ["map", "tiles"])
def test_a_years_parts_are_its_traces_title_and_lines_as_plain_json(ds, figure, view: str) -> None:
    first = years(ds, "league")[0]
    fig = figure("league", first, view, "page")
    parts = year_parts(fig)
    assert json.loads(json.dumps(parts)) == parts  # what the browser receives, unchanged
    full = json.loads(fig.to_json())
    assert parts["data"] == full["data"]
    assert str(first) in parts["layout"]["title"]["text"]
    assert parts["layout"]["annotations"] == full["layout"]["annotations"]
    assert parts["layout"]["shapes"] == full["layout"].get("shapes", [])  # sent empty too: clears the last year's
