"""Specification of how the evidence behind a value shows: "what changed" counts only moves between two known
statuses, as-of statuses and release-based values are ringed, coverage travels inside every map."""
from __future__ import annotations

import dataclasses

import pandas as pd
import plotly.graph_objects as go
import pytest

from cbe_dash import maps, snapshot, views
from cbe_dash.data import Datasets
from cbe_dash.palette import NO_DATA

FIELD = "diploma_policy"


def _with_events(ds: Datasets, rows: list[tuple[str, int, str, str]]) -> Datasets:
    """The real datasets with state_policy_events replaced by a few test-only rows (state, year, value, basis)."""
    events = pd.DataFrame([{"state": s, "year": y, "field": FIELD, "value": v, "year_basis": b,
                            "source_id": f"test-{s}-{y}", "note": "test fixture"} for s, y, v, b in rows])
    events = events.astype({"year": "Int64"})
    return dataclasses.replace(ds, tables={**ds.tables, "state_policy_events": events})


@pytest.fixture
def fixture_ds(ds: Datasets) -> Datasets:
    """Maine repeals a statewide diploma (known -> known); Oregon is first documented only in 2021, "as of"
    a source of that year; Vermont holds the same status throughout."""
    return _with_events(ds, [
        ("ME", 2012, "statewide", "effective"), ("ME", 2018, "optional", "effective"),
        ("VT", 2013, "statewide", "effective"),
        ("OR", 2021, "none", "as_of"),
    ])


def test_what_changed_counts_only_moves_between_two_known_statuses(fixture_ds: Datasets) -> None:
    changes = views.policy_changes(fixture_ds, FIELD, 2017, 2021)
    assert changes["state"].tolist() == ["ME"]
    maine = changes.iloc[0]
    assert (maine["before"], maine["after"]) == ("statewide", "optional")
    assert maine["evidence"] == "in force since 2018"


def test_states_that_became_known_are_listed_apart_as_first_documented(fixture_ds: Datasets) -> None:
    first = views.policy_first_documented(fixture_ds, FIELD, 2017, 2021)
    assert first["state"].tolist() == ["OR"]
    assert "as of a 2021 source" in first.iloc[0]["evidence"]
    kinds = views.policy_transitions(fixture_ds, FIELD, 2017, 2021).set_index("state")["kind"]
    assert kinds.to_dict() == {"ME": views.CHANGED, "OR": views.FIRST_DOCUMENTED}


def test_no_none_ever_shows_in_the_transitions(fixture_ds: Datasets) -> None:
    moves = views.policy_transitions(fixture_ds, FIELD, 2012, 2021)
    text = moves[["before", "after", "evidence"]].astype(str)
    assert not text.isin(["None", "nan", "<NA>"]).any().any()
    assert (moves.set_index("state").loc["OR", "before"]) == NO_DATA


def test_on_the_real_data_first_documented_outnumber_real_changes_for_diplomas(ds: Datasets) -> None:
    """The issue's example: diploma 2017 -> 2021 listed every newly documented state as a change."""
    moves = views.policy_transitions(ds, FIELD, 2017, 2021)
    changed = moves[moves["kind"] == views.CHANGED]
    assert len(changed) < len(moves)
    assert all(b != NO_DATA and a != NO_DATA for b, a in zip(changed["before"], changed["after"]))


@pytest.mark.parametrize("view", ["map", "tiles"])
def test_as_of_statuses_are_ringed_and_say_so_on_hover(ds: Datasets, view: str) -> None:
    frame = maps.policy_frame(ds, "credit_policy", 2016)
    status = views.policy_status(ds, 2016).set_index("state")
    as_of = set(status.index[status["credit_policy_basis"] == views.AS_OF])
    assert as_of and set(frame.loc[frame["marked"], "state"]) == as_of
    fig = maps.policy_figure(ds, "credit_policy", 2016, view, frame=frame)
    if view == "tiles":
        assert len([s for s in fig.layout.shapes if s.type == "circle"]) == len(as_of)
    else:
        (ring,) = [t for t in fig.data if not isinstance(t, go.Choropleth) and t.marker.symbol == "circle-open"
                   and t.showlegend is False]
        assert sorted(ring.locations) == sorted(as_of)
    assert any(t.name.replace("<br>", " ") == f"{maps.AS_OF_MARK} ({len(as_of)})" for t in fig.data if t.showlegend)
    hovers = {row[0]: row[1] for t in fig.data if t.customdata is not None for row in t.customdata}
    state = sorted(as_of)[0]
    assert "known only as of a" in hovers[state]
    dated = sorted(set(status.index[status["credit_policy_basis"] == views.EFFECTIVE]))[0]
    assert "in force since" in hovers[dated]


def test_release_based_connectivity_values_are_ringed_and_named(ds: Datasets) -> None:
    frame = maps.connectivity_frame(ds, "pct_districts_meeting_100kbps", 2015)
    rows = views.connectivity_by_state(ds, "pct_districts_meeting_100kbps", 2015)
    released = set(rows.loc[rows["basis"].notna() & (rows["basis"] != "national_report"), "state"])
    assert released and set(frame.loc[frame["marked"], "state"]) == released
    assert frame.loc[frame["state"].isin(released), "detail"].str.contains("release|list").all()
    fig = maps.connectivity_figure(ds, "pct_districts_meeting_100kbps", 2015)
    assert any(f"{len(released)} from releases or lists" in a.text for a in fig.layout.annotations)


@pytest.mark.parametrize("kind, args", [
    ("policy", ("credit_policy", 2012)), ("policy", ("diploma_policy", 2025)),
    ("policy", ("snapshot_category", 2019)), ("league", (2016,)),
    ("connectivity", ("pct_districts_meeting_100kbps", 2015)), ("connectivity", ("median_cost_per_mbps", 2019)),
    ("connectivity", ("home_internet", 2019)),
])
@pytest.mark.parametrize("view", ["map", "tiles"])
def test_every_map_says_inside_the_figure_how_much_it_knows(ds: Datasets, kind: str, args: tuple, view: str) -> None:
    build = {"policy": maps.policy_figure, "league": maps.league_figure, "connectivity": maps.connectivity_figure}
    frame = {"policy": maps.policy_frame, "league": maps.league_frame,
             "connectivity": maps.connectivity_frame}[kind](ds, *args)
    text = " ".join(a.text for a in build[kind](ds, *args, view).layout.annotations)
    if kind == "league":
        known = len(views.league_members_by(ds, args[0]))
        assert f"{known} of the {views.league_total(ds, args[0]).districts_text} districts" in text
    else:
        assert f"of 51 states" in text and f"{maps.known_count(frame)} of 51" in text


def test_a_thin_layer_says_so_in_its_title_block(ds: Datasets) -> None:
    frame = maps.connectivity_frame(ds, "pct_districts_meeting_100kbps", 2019)
    assert maps.is_thin(frame)
    fig = maps.connectivity_figure(ds, "pct_districts_meeting_100kbps", 2019)
    assert "not a national picture" in fig.layout.title.subtitle.text
    broad = maps.policy_figure(ds, "credit_policy", views.policy_years(ds)[-1])
    assert "not a national picture" not in broad.layout.title.subtitle.text


def test_defaults_are_never_thin(ds: Datasets) -> None:
    """The pages' and home page's default layers/years know at least half of the states."""
    from cbe_dash import headlines

    assert not maps.is_thin(maps.policy_frame(ds, "credit_policy", views.policy_years(ds)[-1]))
    metric, year, _ = headlines.home_map_args(ds, "connectivity")
    assert not maps.is_thin(maps.connectivity_frame(ds, metric, year))
    for metric in maps.CONNECTIVITY_LAYERS:  # each measure opens on its broadest edition
        best = maps.best_connectivity_year(ds, metric)
        counts = {y: maps.known_count(maps.connectivity_frame(ds, metric, y))
                  for y in maps.connectivity_years(ds, metric)}
        assert counts[best] == max(counts.values())
    assert not maps.is_thin(maps.connectivity_frame(ds, "pct_districts_meeting_100kbps",
                                                    maps.best_connectivity_year(ds, "pct_districts_meeting_100kbps")))


def test_snapshot_layer_leads_with_the_published_counts_and_the_states_sources_name(ds: Datasets) -> None:
    fig = snapshot.snapshot_figure(ds, 2019)
    assert [t.type for t in fig.data] == ["bar"] * 4
    named = snapshot.snapshot_named(ds)
    assert named and all(s for states in named.values() for s in states)
    hovers = " ".join(str(c) for t in fig.data for c in t.customdata)
    assert all(s in hovers for states in named.values() for s in states)
    assert "2019 (outlined)" in fig.layout.title.subtitle.text
    assert any("Published national counts" in a.text for a in fig.layout.annotations)


def test_a_trend_across_editions_marks_release_values_and_says_they_do_not_compare(ds: Datasets) -> None:
    """Comparing editions: values from releases or lists are open markers and the figure says why."""
    from cbe_dash import comparison_figures, explore

    metric = "pct_districts_meeting_100kbps"
    rows = ds.connectivity[(ds.connectivity["metric"] == metric) & (ds.connectivity["basis"] != "national_report")]
    state = str(rows["state"].iloc[0])
    history = explore.connectivity_history(ds, [state], metric)
    fig, _ = comparison_figures.connectivity_points(history, [state], views.connectivity_years(ds, metric),
                                                    unit="% of districts", title="t", source_line="s")
    symbols = list(fig.data[0].marker.symbol)
    released = (history["basis"] != "national_report").tolist()
    assert symbols == ["circle-open" if r else "circle" for r in released] and any(released)
    assert "not comparable with the national table" in fig.layout.title.subtitle.text
    assert any("Published for 1 of 1 states" in a.text for a in fig.layout.annotations)


def test_explore_table_says_where_each_connectivity_value_was_published(ds: Datasets) -> None:
    from cbe_dash import explore

    shown = explore.shown_table(explore.cross_table(ds, 2019))
    column = "pct_districts_meeting_100kbps_basis"
    has_value = shown["pct_districts_meeting_100kbps"].notna()
    assert set(shown.loc[has_value, column]) <= set(views.BASIS_WORDS.values())
    assert (shown.loc[~has_value, column] == NO_DATA).all()
