"""Compare and Explore open from links (AppTest): valid settings reach the widgets, anything else is ignored
with a notice that never repeats the raw text, and the Explore table has all 51 states when unfiltered."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from cbe_dash import explore, ui
from cbe_dash.data import load_datasets
from tests.conftest import ROOT
from tests.support.apptest import year_slider

COMPARE = "pages/5_Compare.py"
EXPLORE = "pages/6_Explore.py"
HOSTILE = [
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "A" * 10240,
    "=HYPERLINK(\"http://evil\")",
    "KY'); DROP TABLE states;--",
    "%3Cimg src=x onerror=alert(1)%3E",
]


def run(path: str, **query: str | list[str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def shown_text(at: AppTest) -> str:
    """Everything the page wrote: text elements, widget values and table contents."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "error",
                 "success", "code"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for kind in ("multiselect", "selectbox", "select_slider", "slider"):
        parts += [str(w.value) for w in getattr(at, kind)]
    parts += [frame.value.to_csv() for frame in at.dataframe]
    parts += [chart.proto.spec for chart in at.get("plotly_chart")]
    return "\n".join(parts)


def notices(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith(":material/info:")]


def params(at: AppTest) -> dict[str, str]:
    """The page's URL after the run, one string per setting (AppTest keeps a str or a list)."""
    return {k: v if isinstance(v, str) else ",".join(v) for k, v in at.query_params.items()}


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


# --- Compare --------------------------------------------------------------------------------------------

def test_compare_without_a_link_asks_for_states():
    at = run(COMPARE)
    assert at.multiselect(key="compare.states").value == []
    assert any("Pick at least two states" in i.value for i in at.info)
    assert not notices(at)


def test_compare_link_selects_the_states_and_settings():
    at = run(COMPARE, states="KY,NH", year="2016", metric="students_not_meeting_100kbps")
    assert at.multiselect(key="compare.states").value == ["KY", "NH"]
    assert year_slider(at).value == 2016
    assert at.selectbox(key="compare.metric").value == "students_not_meeting_100kbps"
    assert not notices(at)
    facts = at.dataframe[0].value
    assert list(facts.columns) == ["fact", "Kentucky", "New Hampshire"]
    table = at.dataframe[1].value
    assert list(table.columns) == ["indicator", "Kentucky", "New Hampshire"]
    titles = [f["layout"]["title"]["text"] for f in figures(at)]
    assert any("over time" in t for t in titles) and any("Students not meeting" in t for t in titles)
    for fig in figures(at):  # every chart carries its source line
        assert any("Source:" in a["text"] for a in fig["layout"]["annotations"])
    assert params(at)["states"] == "KY,NH"


def test_compare_selection_becomes_the_shared_filter():
    at = run(COMPARE, states="KY,NH")
    at.multiselect(key="compare.states").select("VT").run()
    assert not at.exception
    assert at.session_state[ui.SHARED_STATES] == ["KY", "NH", "VT"]
    assert params(at)["states"] == "KY,NH,VT"


def test_compare_keeps_at_most_six_states_with_a_notice():
    at = run(COMPARE, states="KY,NH,VT,ME,CO,ID,UT,WA")
    assert at.multiselect(key="compare.states").value == ["KY", "NH", "VT", "ME", "CO", "ID"]
    assert notices(at)


def test_compare_example_button():
    at = run(COMPARE)
    at.button(key="compare.example").click().run()
    assert at.multiselect(key="compare.states").value == ["KY", "NH"]


@pytest.mark.parametrize("query", [
    {"states": "KY,,zz,NH"},
    {"states": "KY,NH", "year": "20x6"},
    {"states": "KY,NH", "year": "2016;2017"},
    {"states": "KY,NH", "metric": "pct_districts_meeting_100kbps OR 1=1"},
    {"states": "KY,NH", "colour": "red"},
])
def test_compare_malformed_or_unknown_settings_are_ignored_with_a_notice(query):
    at = run(COMPARE, **query)
    assert notices(at)
    assert at.multiselect(key="compare.states").value == ["KY", "NH"]
    years = explore.explore_years(load_datasets())
    assert year_slider(at).value in years


def assert_refused_without_echo(at, hostile: str) -> None:
    """A hostile link value gets a notice, and neither the page nor the rewritten URL repeats it."""
    assert notices(at)
    assert hostile not in shown_text(at)
    assert all(hostile not in k and hostile not in v for k, v in params(at).items())


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("name", ["states", "year", "metric", "unknown"])
def test_compare_hostile_values_are_not_echoed(name, hostile):
    assert_refused_without_echo(run(COMPARE, **{name: hostile}), hostile)


@pytest.mark.parametrize("hostile", HOSTILE[:3])
def test_compare_hostile_parameter_names_are_not_echoed(hostile):
    assert_refused_without_echo(run(COMPARE, **{hostile: "KY"}), hostile)


# --- Explore --------------------------------------------------------------------------------------------

def test_explore_unfiltered_table_has_51_rows():
    at = run(EXPLORE)
    table = at.dataframe[0].value
    assert len(table) == 51
    assert table["state"].is_unique
    assert any(t.value.startswith("No filter set: all 51 states") for t in at.text)
    assert not notices(at)


def test_explore_link_sets_every_filter():
    query = {"year": "2018", "region": "South,West", "division": "Mountain", "diploma": "none,No data",
             "league": "with", "threshold": "pct_districts_meeting_100kbps_lt_100", "x": "diploma_policy",
             "y": "league_districts"}  # not the defaults (a default is left out of the link)
    at = run(EXPLORE, **query)
    assert not notices(at)
    assert year_slider(at).value == 2018
    assert at.multiselect(key="region").value == ["South", "West"]
    assert at.multiselect(key="division").value == ["Mountain"]
    assert at.multiselect(key="diploma").value == ["none", "No data"]
    assert at.get("button_group")[0].value == "with"
    assert at.selectbox(key="explore.threshold").value == "pct_districts_meeting_100kbps_lt_100"
    assert at.selectbox(key="explore.x").value == "diploma_policy"
    assert at.selectbox(key="explore.y").value == "league_districts"
    ds = load_datasets()
    filters = explore.Filters(regions=("South", "West"), divisions=("Mountain",), diploma_policy=("none", "No data"),
                              league="with", threshold=explore.THRESHOLDS["pct_districts_meeting_100kbps_lt_100"])
    expected = explore.apply_filters(explore.cross_table(ds, 2018), filters)
    table = at.dataframe[0].value
    assert table["state"].tolist() == expected["state"].tolist()
    assert at.text[0].value == explore.summary(expected, explore.cross_table(ds, 2018), filters)
    assert params(at) == query  # the link stays as given


def test_explore_states_link_uses_the_shared_state_filter():
    at = run(EXPLORE, states="ky,NH")
    assert at.multiselect(key=ui.SHARED_STATES).value == ["KY", "NH"]
    assert at.dataframe[0].value["state"].tolist() == ["KY", "NH"]


def test_explore_filter_that_matches_nothing_says_so():
    at = run(EXPLORE, states="KY", region="West")
    assert len(at.dataframe[0].value) == 0
    assert any(t.value == "No state matches." for t in at.text)


@pytest.mark.parametrize("query", [
    {"year": "1999"},
    {"region": "West,Atlantis"},
    {"credit": "required,REQUIRED"},
    {"league": "sometimes"},
    {"threshold": "pct_districts_meeting_100kbps_lt_101"},
    {"x": "__class__"},
    {"sort": "name"},
])
def test_explore_malformed_or_unknown_settings_are_ignored_with_a_notice(query):
    at = run(EXPLORE, **query)
    assert notices(at)
    assert at.dataframe[0].value is not None


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("name", ["year", "region", "credit", "league", "threshold", "x", "states", "unknown"])
def test_explore_hostile_values_are_not_echoed(name, hostile):
    at = run(EXPLORE, **{name: hostile})
    assert_refused_without_echo(at, hostile)
    assert len(at.dataframe[0].value) == 51


@pytest.mark.parametrize("hostile", HOSTILE[:3])
def test_explore_hostile_parameter_names_are_not_echoed(hostile):
    assert_refused_without_echo(run(EXPLORE, **{hostile: "West"}), hostile)


def test_explore_state_picker_filters_the_table_and_can_be_cleared():
    at = run(EXPLORE)
    at.multiselect(key=ui.SHARED_STATES).select("KY").select("VT").run()
    assert at.dataframe[0].value["state"].tolist() == ["KY", "VT"]
    assert params(at)["states"] == "KY,VT"
    at.multiselect(key=ui.SHARED_STATES).unselect("KY").unselect("VT").run()
    assert len(at.dataframe[0].value) == 51
    assert "states" not in params(at)


@pytest.mark.parametrize("path, key", [(COMPARE, "compare.states"), (EXPLORE, ui.SHARED_STATES)])
def test_a_state_filter_set_on_another_page_holds_here(path, key):
    at = AppTest.from_file(str(ROOT / path), default_timeout=60)
    at.session_state[ui.SHARED_STATES] = ["NH", "KY"]  # as another page leaves it (kept for the session)
    at.run()
    assert not at.exception
    assert at.multiselect(key=key).value == ["NH", "KY"]
    assert params(at)["states"] == "NH,KY"
