"""Specification of the takeaway sentences and the map tables: read aloud, checked against the data."""
from __future__ import annotations

import pandas as pd
import pytest

from cbe_dash import explore, maps, takeaways, views
from cbe_dash.palette import NO_DATA
from cbe_dash.states import state_name


def test_connectivity_takeaway_names_headline_coverage_and_lowest_state(ds) -> None:
    metric = "pct_districts_meeting_100kbps"
    year = maps.best_connectivity_year(ds, metric)
    rows = views.connectivity_by_state(ds, metric, year).dropna(subset=["value"])
    lowest = rows.loc[rows["value"].idxmin()]
    sentence = takeaways.connectivity(ds, metric, year)
    assert sentence.startswith(f"In {year}, {len(rows)} states have a published figure")
    assert f"{state_name(lowest['state'])} was lowest at {lowest['value']:.0f}% of districts" in sentence
    band, count = maps.connectivity_frame(ds, metric, year)["category"].value_counts().idxmax(), None
    assert f"was at {band} of districts" in sentence
    assert ";" in sentence and sentence.endswith(".") and "None" not in sentence


def test_a_thin_year_says_it_is_not_a_national_picture(ds) -> None:
    sentence = takeaways.connectivity(ds, "pct_districts_meeting_100kbps", 2019)
    assert "not a national picture" in sentence and "from releases" in sentence


def test_policy_takeaway_counts_known_states_and_real_changes(ds) -> None:
    year = 2019
    frame = maps.policy_frame(ds, "credit_policy", year)
    moves = views.policy_transitions(ds, "credit_policy", year - 1, year)["kind"].value_counts()
    sentence = takeaways.policy(ds, "credit_policy", year)
    assert f"known for {maps.known_count(frame)} of 51 states" in sentence
    changed = int(moves.get(views.CHANGED, 0))
    assert (f"{changed} state" in sentence) if changed else ("no state changed status" in sentence)
    top = frame["category"].value_counts().idxmax()
    assert f'"{top}"' in sentence


def test_league_takeaway_uses_the_known_members_over_the_published_size(ds) -> None:
    sentence = takeaways.league(ds, 2016)
    known = len(views.league_members_by(ds, 2016))
    assert f"sources name {known} of the League's {views.league_total(ds, 2016).districts_text} districts" in sentence
    counts = views.league_by_state(ds, 2016).set_index("state")["districts"]
    assert f"{state_name(counts.idxmax())} had the most ({int(counts.max())})" in sentence


@pytest.mark.parametrize("kind, args, unit", [
    ("connectivity", ("pct_districts_meeting_100kbps", 2015), "% of districts"),
    ("league", (2016,), "districts"),
    ("policy", ("credit_policy", 2016), ""),
])
def test_map_tables_hold_numbers_as_numbers_and_no_none(ds, kind, args, unit) -> None:
    frame = {"policy": maps.policy_frame, "league": maps.league_frame,
             "connectivity": maps.connectivity_frame}[kind](ds, *args)
    table = maps.map_table(frame, unit)
    assert all(" " in c or c[0].isupper() for c in table.columns) and not any("_" in c for c in table.columns)
    text = table.select_dtypes(exclude="number")
    assert not text.isna().any().any()
    assert not text.isin(["None", "nan", "<NA>"]).any().any()
    values = [c for c in table.columns if c.startswith("Value")]
    if kind == "policy":
        assert not values
        return
    (value,) = values
    assert pd.api.types.is_float_dtype(table[value])
    ordered = table.sort_values(value, na_position="last")[value].dropna().tolist()
    assert ordered == sorted(ordered)  # "100" sorts after "38": numbers, not text
    assert (table["Category"] == NO_DATA).sum() == table[value].isna().sum()


def test_explore_opens_on_a_chart_of_most_states(ds) -> None:
    from cbe_dash import comparison_figures

    year = explore.explore_years(ds)[-1]
    table = explore.cross_table(ds, year)
    meta = explore.indicators(ds)
    fig, caption = comparison_figures.indicator_chart(table, meta[explore.DEFAULT_X], meta[explore.DEFAULT_Y],
                                                      title="t", source_line="s")
    plotted = len(fig.data[0].x)
    assert plotted > len(table) / 2
    assert caption.startswith(f"{plotted} states plotted")


def test_a_layer_named_mid_sentence_is_not_capitalised_but_an_acronym_stays(ds):
    assert takeaways.policy(ds, "diploma_policy", 2021).startswith("In 2021, mastery-based diploma is known for")
    assert takeaways.policy(ds, "credit_policy", 2021).startswith("In 2021, CBE credit policy is known for")
