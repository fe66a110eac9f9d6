"""The by-state views: 51 rows, unknown stays unknown, and the published headline figures come out of the rows."""
from __future__ import annotations

import pandas as pd
import pytest

from cbe_dash import views
from cbe_dash.states import STATE_CODES


def test_every_by_state_view_has_51_rows(ds):
    frames = [views.policy_status(ds, 2019), views.league_by_state(ds, 2016),
              views.connectivity_by_state(ds, "pct_districts_meeting_100kbps", 2015), views.home_internet_by_state(ds)]
    for frame in frames:
        assert sorted(frame["state"]) == sorted(STATE_CODES)
        assert frame["state"].is_unique


@pytest.mark.parametrize("year", range(2012, 2026))
def test_policy_status_is_the_latest_event_up_to_that_year(ds, year):
    status = views.policy_status(ds, year).set_index("state")
    events = ds.state_policy
    for (state, field), rows in events[events["year"] <= year].groupby(["state", "field"]):
        if field == "snapshot_category" and year > views.last_snapshot_edition(ds):
            continue
        assert status.loc[state, field] == rows.sort_values("year").iloc[-1]["value"]


def test_before_a_states_first_event_its_status_is_unknown_not_none(ds):
    credit = ds.state_policy.query("field == 'credit_policy'")
    first = credit.groupby("state")["year"].min()
    late_states = first[first > 2012].index
    assert len(late_states) > 0
    status = views.policy_status(ds, 2012).set_index("state")
    assert status.loc[late_states, "credit_policy"].isna().all()
    assert status.loc[first[first <= 2012].index, "credit_policy"].notna().all()


def test_repeal_shows_on_the_timeline(ds):
    """Maine made proficiency-based diplomas statewide (2012) and repealed the mandate in 2018."""
    maine = ds.state_policy.query("state == 'ME' and field == 'diploma_policy'").sort_values("year")
    assert "statewide" in set(maine["value"]) and maine.iloc[-1]["value"] != "statewide"
    repeal = int(maine.iloc[-1]["year"])
    assert views.policy_status(ds, repeal - 1).set_index("state").loc["ME", "diploma_policy"] == "statewide"
    assert views.policy_status(ds, repeal).set_index("state").loc["ME", "diploma_policy"] == maine.iloc[-1]["value"]


def test_no_snapshot_category_after_the_series_ended(ds):
    assert views.last_snapshot_edition(ds) == 2020
    assert views.policy_status(ds, 2021)["snapshot_category"].isna().all()
    assert views.policy_status(ds, 2020)["snapshot_category"].notna().any()


def test_2019_snapshot_counts_reproduce_the_published_figures(ds):
    counts = views.snapshot_counts(ds).query("year == 2019").set_index("category")
    assert counts["count"].to_dict() == {"Advanced": 17, "Developing": 14, "Emerging": 18, "Not Yet": 1}
    assert counts.loc["Developing", "dc"] == "plus DC"
    assert counts["count"].sum() == 50


def test_snapshot_states_agree_with_the_counts(ds):
    """Every state a source names for an edition is consistent with that edition's counts (never more named than counted)."""
    named = ds.state_policy.query("field == 'snapshot_category'")
    counts = ds.policy_counts.set_index(["year", "category"])["count"]
    for (year, category), rows in named.groupby(["year", "value"]):
        states = rows[rows["state"] != "DC"]
        if (year, category) in counts.index and not pd.isna(counts[(year, category)]):
            assert len(states) <= counts[(year, category)]


def test_league_published_totals(ds):
    expected = {2011: 24, 2013: 40, 2015: 73, 2016: 87, 2017: 93, 2018: 102, 2019: 114, 2021: 125}
    assert {y: views.league_total(ds, y).districts for y in expected} == expected
    assert views.league_total(ds, 2016).states == 33
    assert views.league_total(ds, 2020).districts == 114
    assert views.league_total(ds, 2023) is None


def test_league_counts_only_districts_known_to_have_joined(ds):
    by_state = views.league_by_state(ds, 2016).set_index("state")["districts"]
    members = views.league_members_by(ds, 2016)
    assert (members["cohort_year"] <= 2016).all()
    assert by_state.sum() == members["state"].isin(STATE_CODES).sum()
    assert by_state.sum() < views.league_total(ds, 2016).districts
    assert set(views.league_outside_states(ds, 2016)["state"].dropna()) <= {"AE"}


def test_league_grows_every_fall(ds):
    known = [len(views.league_members_by(ds, y)) for y in range(2011, 2026)]
    assert known == sorted(known)


def test_connectivity_values_match_their_source_rows(ds):
    for (metric, year), rows in ds.connectivity.groupby(["metric", "report_year"]):
        view = views.connectivity_by_state(ds, metric, year).set_index("state")
        own = rows[rows["data_year"] == year].set_index("state")["value"]
        assert view["value"].dropna().to_dict() == own.to_dict()
        assert view["value"].isna().sum() == 51 - len(own)


def test_unpublished_connectivity_is_missing_not_zero(ds):
    view = views.connectivity_by_state(ds, "pct_districts_meeting_100kbps", 2015).set_index("state")
    assert pd.isna(view.loc["NY", "value"]) and pd.isna(view.loc["DC", "value"])
    assert view["value"].notna().sum() == 31


def test_connectivity_quoted_from_an_earlier_year_is_not_this_editions_figure(ds):
    quoted = ds.connectivity[ds.connectivity["data_year"] < ds.connectivity["report_year"]]
    assert not quoted.empty
    row = quoted.iloc[0]
    view = views.connectivity_by_state(ds, row["metric"], int(row["report_year"])).set_index("state")
    same = ds.connectivity.query("state == @row.state and metric == @row.metric and report_year == @row.report_year "
                                 "and data_year == @row.report_year")
    assert same.empty == pd.isna(view.loc[row["state"], "value"])


def test_national_headlines(ds):
    gap = views.national_connectivity(ds, "students_not_meeting_100kbps").set_index("report_year")["value"]
    assert gap[2015] == 21_000_000 and gap[2017] == 6_500_000 and gap[2018] == 2_300_000


def test_policy_changes_between_two_years(ds):
    changes = views.policy_changes(ds, "diploma_policy", 2017, 2019)
    assert "ME" in set(changes["state"])
    me = changes.set_index("state").loc["ME"]
    assert me["before"] == "statewide" and me["after"] != "statewide"
