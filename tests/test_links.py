"""Links shared before URL state moved onto Streamlit's binding still open the same view (AppTest).

Every parameter name the README documents, list parameters in both the old comma form and the repeated form,
and a link is applied once: after the page opened, a query string the browser sends back never moves a
setting (the widget is the truth).
"""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from cbe_dash import ui
from tests.conftest import ROOT
from tests.support.apptest import year_slider

POLICY, LEAGUE, CONNECTIVITY = "pages/1_Policy.py", "pages/2_League.py", "pages/3_Connectivity.py"
PROFILE, COMPARE, EXPLORE = "pages/4_State_profile.py", "pages/5_Compare.py", "pages/6_Explore.py"


def open_link(path: str, **query: str | list[str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert not [c.value for c in at.caption if c.value.startswith(":material/info:")], "a valid link got a notice"
    return at


def title(at: AppTest) -> str:
    import json

    return json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]


def test_policy_link_with_every_parameter():
    at = open_link(POLICY, layer="diploma_policy", year="2017", view="tiles", since="2014", present="0")
    assert title(at) == "Mastery-based diploma, 2017"
    assert year_slider(at).value == 2017
    assert at.select_slider(key="since").value == 2014
    assert at.session_state[ui.SHARED_VIEW] == "tiles"


def test_presentation_link_keeps_present_in_the_url():
    at = open_link(POLICY, present="1", year="2015")
    assert title(at) == "CBE credit policy, 2015"
    assert at.query_params["present"] in ("1", ["1"])
    assert not at.title  # only the map and its controls


def test_league_and_connectivity_links():
    assert title(open_link(LEAGUE, year="2018", states="KY")).endswith("fall 2018")
    at = open_link(CONNECTIVITY, metric="students_not_meeting_100kbps", year="2017")
    assert at.selectbox(key="connectivity.metric").value == "students_not_meeting_100kbps"
    assert title(at) == "Students not meeting 100 kbps, 2017"


def test_profile_link():
    at = open_link(PROFILE, state="NH")
    assert at.selectbox(key="profile.state").value == "NH"
    assert at.header[0].value == "New Hampshire"


@pytest.mark.parametrize("states", ["KY,NH", ["KY", "NH"]])
def test_compare_states_in_the_old_comma_form_and_repeated(states):
    at = open_link(COMPARE, states=states, year="2016", metric="students_not_meeting_100kbps")
    assert at.multiselect(key="compare.states").value == ["KY", "NH"]
    assert year_slider(at).value == 2016


@pytest.mark.parametrize("form", ["comma", "repeated"])
def test_explore_list_filters_in_both_forms(form):
    lists = {"region": ["South", "West"], "credit": ["required", "No data"], "states": ["KY", "NH", "VT"]}
    query = {k: ",".join(v) if form == "comma" else v for k, v in lists.items()}
    at = open_link(EXPLORE, **query, division="Mountain", diploma="none", snapshot="Advanced", league="with",
                   threshold="pct_districts_meeting_100kbps_lt_100", x="credit_policy", y="pct_households_no_internet",
                   year="2019")
    assert at.multiselect(key="region").value == ["South", "West"]
    assert at.multiselect(key="credit").value == ["required", "No data"]
    assert at.multiselect(key="division").value == ["Mountain"]
    assert at.multiselect(key="diploma").value == ["none"]
    assert at.multiselect(key="snapshot").value == ["Advanced"]
    assert at.multiselect(key=ui.SHARED_STATES).value == ["KY", "NH", "VT"]
    assert year_slider(at).value == 2019
    assert at.selectbox(key="explore.x").value == "credit_policy"


def test_a_link_is_applied_once_then_the_widgets_are_the_truth():
    at = open_link(POLICY, layer="diploma_policy", year="2016")
    at.segmented_control(key="policy.layer").set_value("credit_policy").run()
    year_slider(at).set_value(2019).run()
    at.query_params["layer"] = "diploma_policy"  # the browser sends its query string from before the change
    at.run()
    assert title(at) == "CBE credit policy, 2019"


def test_steps_count_from_the_year_shown_not_from_a_stale_slider_report():
    at = open_link(POLICY, year="2012")
    at.button(key="year.next").click().run()
    assert title(at) == "CBE credit policy, 2013"
    at.button(key="year.next").click().run()
    at.button(key="year.prev").click().run()
    at.button(key="year.next").click().run()
    assert title(at) == "CBE credit policy, 2014"
