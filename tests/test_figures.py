"""Specification of the figure builders, on synthetic 51-state frames (test-only data)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

import cbe_dash
from cbe_dash import geo
from cbe_dash.figures import PLOTLY_CONFIG, MapSpec, counts_trend, national_line, state_map
from cbe_dash.palette import NO_DATA, NO_DATA_COLOR, SCALES, contrast_ratio
from cbe_dash.states import STATE_CODES

SCALE = SCALES["snapshot_category"]
SOURCE = "Source: Aurora Institute; state statutes. CBE Dash"
SPEC = MapSpec(title="CBE snapshot category, 2019", scale=SCALE, source_line=SOURCE)
EMPTY = "Advanced"  # the fixture leaves one category without states


def _frame() -> pd.DataFrame:
    """Every 5th state has no data; the rest cycle through the first three categories."""
    used = [c for c in SCALE.categories if c != EMPTY]
    cats = [None if i % 5 == 0 else used[i % len(used)] for i in range(len(STATE_CODES))]
    return pd.DataFrame({
        "state": STATE_CODES,
        "category": pd.Series(cats, dtype="string"),
        "detail": [f"{10 + i}% of districts" if c else None for i, c in enumerate(cats)],
        "source": ["Aurora Institute" if c else None for c in cats],
    })


def _tiles() -> pd.DataFrame:
    """A synthetic 9-column grid: any layout with one cell per state will do here."""
    return pd.DataFrame({"state": STATE_CODES,
                         "col": [i % 9 + 1 for i in range(51)], "row": [i // 9 + 1 for i in range(51)]})


def _legend(fig: go.Figure) -> list[go.BaseTraceType]:
    """The traces a reader sees in the legend, in legend order."""
    shown = [t for t in fig.data if t.showlegend is not False]
    return sorted(shown, key=lambda t: t.legendrank)


def _legend_categories(fig: go.Figure) -> list[str]:
    return [re.sub(r" \(\d+\)$", "", t.name) for t in _legend(fig)]


def _expected_counts() -> dict[str, int]:
    counts = _frame()["category"].fillna(NO_DATA).value_counts()
    return {c: int(counts.get(c, 0)) for c in SCALE.legend_order()}


def _drawn(fig: go.Figure) -> list[go.BaseTraceType]:
    """Traces that draw states (legend-only entries for empty categories have no states)."""
    return [t for t in fig.data if t.customdata is not None]


@pytest.fixture(params=["choropleth", "tiles"])
def fig(request: pytest.FixtureRequest) -> go.Figure:
    return state_map(_frame(), SPEC, _tiles() if request.param == "tiles" else None)


class TestBothMapVariants:
    def test_legend_lists_the_scale_in_order_with_no_data_last(self, fig: go.Figure) -> None:
        assert _legend_categories(fig) == [*SCALE.categories, NO_DATA]

    def test_every_legend_entry_shows_its_count_including_zero(self, fig: go.Figure) -> None:
        names = [t.name for t in _legend(fig)]
        assert names == [f"{c} ({n})" for c, n in _expected_counts().items()]
        assert f"{EMPTY} (0)" in names

    def test_customdata_starts_with_the_state_code_of_every_drawn_state(self, fig: go.Figure) -> None:
        codes = [row[0] for t in _drawn(fig) for row in t.customdata]
        assert sorted(codes) == sorted(STATE_CODES)

    def test_no_data_states_are_grey_and_say_no_data_never_zero(self, fig: go.Figure) -> None:
        (trace,) = [t for t in _drawn(fig) if t.name.startswith(NO_DATA)]
        assert trace.name.startswith(f"{NO_DATA} (")
        hovers = [row[1] for row in trace.customdata]
        assert all(NO_DATA in h and "0%" not in h and "<br>0<" not in h for h in hovers)
        if isinstance(trace, go.Choropleth):
            assert {c for _, c in trace.colorscale} == {NO_DATA_COLOR}
            assert 0 not in list(trace.z)
        else:
            assert trace.marker.color == NO_DATA_COLOR
        assert all("%{z" not in (t.hovertemplate or "") for t in fig.data)

    def test_each_category_has_its_palette_colour(self, fig: go.Figure) -> None:
        colours = SCALE.color_map()
        for trace in _drawn(fig):
            category = re.sub(r" \(\d+\)$", "", trace.name)
            drawn = {c for _, c in trace.colorscale} if isinstance(trace, go.Choropleth) \
                else {trace.marker.color}
            assert drawn == {colours[category]}
        for trace, category in zip(_legend(fig), SCALE.legend_order()):  # legend swatches too
            swatch = {c for _, c in trace.colorscale} if isinstance(trace, go.Choropleth) else {trace.marker.color}
            assert swatch == {colours[category]}

    def test_no_data_carries_a_cue_no_category_has(self, fig: go.Figure) -> None:
        """"We don't know" must not pass for "the state has none": besides its grey, a No data state is
        crossed (map) or hatched (tiles), and its legend swatch is crossed, in the figure and any export."""
        no_data_states = set(_frame()["state"][_frame()["category"].isna()])
        (entry,) = [t for t in _legend(fig) if t.name.startswith(NO_DATA)]
        assert entry.marker.symbol == "square-x" and entry.marker.color == NO_DATA_COLOR
        assert all(isinstance(t, go.Choropleth) or t.marker.symbol == "square" for t in _legend(fig) if t is not entry)
        if isinstance(_drawn(fig)[0], go.Choropleth):
            (cross,) = [t for t in fig.data if isinstance(t, go.Scattergeo) and t.marker.symbol == "x-thin"]
            assert set(cross.locations) == no_data_states
        else:
            hatches = [s for s in fig.layout.shapes if s.type == "path"]
            assert len(hatches) == len(no_data_states)

    def test_coverage_is_written_inside_the_figure(self, fig: go.Figure) -> None:
        known = int(_frame()["category"].notna().sum())
        assert any(f"Known for {known} of 51" in a.text for a in fig.layout.annotations)

    def test_hover_names_the_state_category_detail_title_and_source(self, fig: go.Figure) -> None:
        hovers = {row[0]: row[1] for t in _drawn(fig) for row in t.customdata}
        state = next(s for s in STATE_CODES if _frame().set_index("state").loc[s, "category"] is not pd.NA)
        row = _frame().set_index("state").loc[state]
        for part in (row["category"], row["detail"], SPEC.title, "Source: Aurora Institute"):
            assert part in hovers[state]
        assert "Alabama" in hovers["AL"] and "District of Columbia" in hovers["DC"]

    def test_title_carries_the_year_and_the_source_line_is_inside_the_figure(self, fig: go.Figure) -> None:
        assert "2019" in fig.layout.title.text
        assert any(SOURCE in a.text for a in fig.layout.annotations)
        assert fig.layout.legend.title.text.replace("<br>", " ") == SCALE.label

    def test_view_is_fixed_and_background_white(self, fig: go.Figure) -> None:
        assert fig.layout.dragmode is False
        assert fig.layout.paper_bgcolor == "white"
        assert fig.layout.legend.itemclick is False

    def test_json_payload_stays_small(self, fig: go.Figure) -> None:
        assert len(fig.to_json()) < 150_000


@pytest.mark.parametrize("tiles", [False, True], ids=["map", "tiles"])
def test_marked_states_get_a_ring_and_a_legend_entry_that_says_why(tiles: bool) -> None:
    """A status known only "as of" a source's date (or a value from a release) is ringed, and the legend
    names the ring, so a reader never takes a source's date for the year a policy changed."""
    frame = _frame().assign(marked=[i % 3 == 0 for i in range(len(STATE_CODES))])
    spec = MapSpec(title=SPEC.title, scale=SCALE, source_line=SOURCE, mark_label="Known only as of a later source")
    fig = state_map(frame, spec, _tiles() if tiles else None)
    expected = frame.loc[frame["marked"] & frame["category"].notna(), "state"]
    if tiles:  # a ring shape in the tile's corner, so the tiles stay the only points
        assert len([s for s in fig.layout.shapes if s.type == "circle"]) == len(expected)
    else:
        (ring,) = [t for t in fig.data if not isinstance(t, go.Choropleth) and t.marker.symbol == "circle-open"
                   and t.showlegend is False]
        assert sorted(ring.locations) == sorted(expected)
    legend = [t.name.replace("<br>", " ") for t in _legend(fig)]
    assert f"Known only as of a later source ({len(expected)})" in legend
    unmarked = state_map(_frame(), spec, _tiles() if tiles else None)
    assert "Known only as of a later source (0)" in [t.name.replace("<br>", " ") for t in _legend(unmarked)]


def test_choropleth_draws_51_states_on_albers_usa_from_the_usa_states_codes() -> None:
    fig = state_map(_frame(), SPEC)
    choropleths = [t for t in fig.data if isinstance(t, go.Choropleth)]
    locations = [loc for t in choropleths for loc in t.locations]
    assert sorted(locations) == sorted(STATE_CODES)
    assert all(t.locationmode == "USA-states" for t in choropleths)
    assert all(list(t.locations) == [row[0] for row in t.customdata] for t in choropleths)
    assert fig.layout.geo.scope == "usa" and fig.layout.geo.projection.type == "albers usa"


def test_tile_map_has_51_square_markers_with_legible_code_labels() -> None:
    fig = state_map(_frame(), SPEC, _tiles())
    drawn = _drawn(fig)
    assert sum(len(t.x) for t in drawn) == 51
    assert sorted(code for t in drawn for code in t.text) == sorted(STATE_CODES)
    for trace in drawn:
        assert trace.marker.symbol == "square"
        assert list(trace.text) == [row[0] for row in trace.customdata]
        assert contrast_ratio(trace.marker.color, trace.textfont.color) >= 4.5
    assert len([s for s in fig.layout.shapes if s.type == "rect"]) == 51  # one filled cell per state, in grid units
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.xaxis.visible is False


def test_state_map_refuses_frames_that_would_mislead() -> None:
    with pytest.raises(ValueError):
        state_map(_frame().iloc[1:], SPEC)  # a state missing
    wrong = _frame()
    wrong.loc[1, "category"] = "Advnaced"
    with pytest.raises(ValueError):
        state_map(wrong, SPEC)


def test_plotly_config_draws_offline_and_exports_png() -> None:
    assert PLOTLY_CONFIG["topojsonURL"] == geo.TOPOJSON_URL
    assert PLOTLY_CONFIG["displaylogo"] is False
    assert PLOTLY_CONFIG["responsive"] is True
    assert PLOTLY_CONFIG["toImageButtonOptions"]["format"] == "png"
    assert PLOTLY_CONFIG["toImageButtonOptions"]["scale"] == 2


def test_counts_trend_keeps_unpublished_counts_as_gaps_in_scale_colours() -> None:
    counts = pd.DataFrame({"year": [2012, 2012, 2019, 2019, 2019, 2019],
                           "category": ["Advanced", "Not Yet", "Not Yet", "Emerging", "Developing", "Advanced"],
                           "count": pd.array([3, None, 1, 18, 13, 18], dtype="Int64")})
    fig = counts_trend(counts, SCALE, "States by snapshot category, 2012-2019", SOURCE)
    assert [t.name for t in fig.data] == list(SCALE.categories)
    assert [t.marker.color for t in fig.data] == list(SCALE.colors)
    not_yet = fig.data[0]
    assert list(not_yet.x) == ["2012", "2019"] and list(not_yet.y) == [None, 1]
    assert sum(a.text == "n/a" for a in fig.layout.annotations) == 3  # Not Yet, Emerging, Developing 2012
    assert any(SOURCE in a.text for a in fig.layout.annotations)
    assert len(fig.to_json()) < 150_000


def test_national_line_leaves_a_gap_for_a_missing_year() -> None:
    frame = pd.DataFrame({"year": [2015, 2016, 2017], "value": [21.0, None, 6.5]})
    fig = national_line(frame, "Students below 100 kbps, 2015-2017", "million students", SOURCE)
    (trace,) = fig.data
    assert list(trace.y) == [21.0, None, 6.5] and trace.connectgaps is False
    assert fig.layout.yaxis.title.text == "million students"
    assert "2015-2017" in fig.layout.title.text


@pytest.mark.parametrize("module", ["palette", "geo", "figures", "layout", "charts", "snapshot", "takeaways", "maps"])
def test_figure_layer_never_imports_streamlit(module: str) -> None:
    source = (Path(cbe_dash.__file__).parent / f"{module}.py").read_text(encoding="utf-8")
    imported = {alias.name.split(".")[0] for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(ast.parse(source))
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert "streamlit" not in imported


def test_every_package_module_stays_short_enough_to_read_whole() -> None:
    """Each module of cbe_dash holds one concern a newcomer can read in one sitting: at most 300 lines."""
    package = Path(cbe_dash.__file__).parent
    lengths = {str(path.relative_to(package)): len(path.read_text(encoding="utf-8").splitlines())
               for path in package.rglob("*.py")}
    assert len(lengths) > 20
    assert {name: n for name, n in lengths.items() if n > 300} == {}


@pytest.mark.parametrize("view", ["map", "tiles"])
@pytest.mark.parametrize("build", ["policy", "league", "connectivity"])
def test_maps_built_without_plotly_checks_pass_them_unchanged(ds, build, view) -> None:
    """Maps skip plotly's property checks for speed; rebuilt with the checks on, every map of the app
    must be accepted and come out identical (a misspelt or invalid property raises here)."""
    import json

    from cbe_dash import maps

    figs = {"policy": lambda: maps.policy_figure(ds, "credit_policy", 2016, view),
            "league": lambda: maps.league_figure(ds, 2014, view),  # has empty categories: legend proxies
            "connectivity": lambda: maps.connectivity_figure(ds, "pct_districts_meeting_100kbps", 2016, view)}
    built = figs[build]().to_dict()
    checked = go.Figure(built).to_dict()
    assert json.dumps(built, sort_keys=True, default=str) == json.dumps(checked, sort_keys=True, default=str)


def test_a_wrong_property_in_a_map_would_be_caught() -> None:
    built = state_map(_frame(), SPEC).to_dict()
    built["data"][0]["colourscale"] = built["data"][0].pop("colorscale")
    with pytest.raises(ValueError):
        go.Figure(built)


def test_on_a_phone_the_rewrapped_title_and_footer_never_cut_a_tag_in_two(ds):
    """Wrapping for a phone's width happens between words, never inside `<span style=...>`: a tag cut in
    two is drawn as raw text (it was, under the Connectivity map on a phone)."""
    import copy
    import re

    from cbe_dash import maps
    from cbe_dash.screen_sizes import fit

    tag = re.compile(r"<[^<>]*>")
    figures = [maps.connectivity_figure(ds, "pct_districts_meeting_100kbps", 2015),
               maps.policy_figure(ds, "diploma_policy", 2021), maps.league_figure(ds, 2016)]
    for figure in figures:
        before = figure.layout.annotations[0].text
        phone = fit(copy.deepcopy(figure), "phone")
        after = phone.layout.annotations[0].text
        for line in after.split("<br>"):
            stripped = tag.sub("", line)
            assert "<" not in stripped and ">" not in stripped, line  # every tag whole on its line
            assert line.count("<span") == line.count("</span>"), line  # styled lines open and close
        words = lambda text: tag.sub(" ", text).split()  # noqa: E731
        assert words(after) == words(before)  # the same text, only the breaks moved
        assert not re.search(r"\w- \w", tag.sub(" ", after)), after  # no "self- reported"
