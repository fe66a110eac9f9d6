"""Every page runs as a user would open it (streamlit AppTest), with good data and with a dataset broken."""
from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cbe_dash import catalog, ui, views
from cbe_dash.data import PROJECT_DATA_DIR, TABLES
from tests.conftest import ROOT
from tests.support.apptest import run_with_panels_open, year_slider

PAGES = ["app.py"] + sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
MAP_PAGES = {"pages/1_Policy.py": "CBE credit policy", "pages/2_League.py": "League of Innovative Schools",
             "pages/3_Connectivity.py": "Districts meeting 100 kbps"}


def run_page(path: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def run_page_with_panels_open(path: str, **query: str) -> AppTest:
    """As a user who then opens the page's panels (what changed, the data table, Download, Cite, Share)."""
    return run_with_panels_open(str(ROOT / path), query)


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def title(fig: dict) -> str:
    return fig["layout"]["title"]["text"]


@pytest.mark.parametrize("path", PAGES)
def test_page_runs_with_the_real_data(path):
    at = run_page(path)
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.body for e in at.error]


@pytest.fixture(scope="module", params=["connectivity.csv", "state_policy_events.csv", "league_members.csv",
                                        "sources.csv", "tile_grid.csv"])
def without(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """A copy of data/ lacking one file, shared by every page (the copy is read-only for them, and the app
    loads it once per process, as a real server would)."""
    target = tmp_path_factory.mktemp("without") / "data"
    shutil.copytree(PROJECT_DATA_DIR, target)
    (target / request.param).unlink()
    return request.param, target


@pytest.mark.parametrize("path", PAGES)
def test_page_survives_a_missing_dataset(path, without, monkeypatch):
    missing, data_dir = without
    monkeypatch.setenv("CBE_DASH_DATA_DIR", str(data_dir))
    at = run_page(path)
    assert not at.exception, [e.message for e in at.exception]
    panels = [e.body for e in at.error]
    codes = [c.value for c in at.code]
    if panels:  # the page needs the missing file: it says which file and why, nothing else breaks
        assert any(missing in body for body in panels)
        assert any(f"{missing}:1: -: file not found" in c for c in codes)


@pytest.mark.parametrize("path, expected", MAP_PAGES.items())
def test_map_pages_draw_a_51_state_map_under_150_kb(path, expected):
    at = run_page(path)
    fig = figures(at)[0]
    assert expected in title(fig)
    locations = [loc for trace in fig["data"] if trace.get("type") == "choropleth" for loc in trace["locations"]]
    assert len(locations) == 51 and len(set(locations)) == 51
    assert len(at.get("plotly_chart")[0].proto.spec) < 150_000


def test_policy_year_slider_redraws_the_map():
    at = run_page("pages/1_Policy.py")
    year_slider(at).set_value(2016).run()
    assert not at.exception
    assert title(figures(at)[0]) == "CBE credit policy, 2016"
    # The browser writes ?year= for a bound slider (tests/browser/test_offline_maps.py sees the URL follow).
    assert year_slider(at).proto.query_param_key == "year"


def test_policy_link_reopens_the_same_view():
    at = run_page("pages/1_Policy.py", layer="diploma_policy", year="2017", view="tiles")
    fig = figures(at)[0]
    assert title(fig) == "Mastery-based diploma, 2017"
    assert all(trace["type"] == "scatter" for trace in fig["data"])
    assert not [c for c in at.caption if "ignored" in c.value]


@pytest.mark.parametrize("query", [{"year": "1850"}, {"layer": "<script>alert(1)</script>"},
                                   {"colour": "red"}, {"view": "x" * 10_000}, {"year": "../../etc/passwd"}])
def test_bad_links_are_ignored_with_a_notice(query):
    at = run_page("pages/1_Policy.py", **query)
    assert not at.exception
    notices = [c.value for c in at.caption if "ignored" in c.value]
    assert len(notices) == 1
    assert "<script>" not in notices[0] and "passwd" not in notices[0] and len(notices[0]) < 200
    assert title(figures(at)[0]).startswith("CBE credit policy, ")


def test_league_page_shows_known_against_published_total():
    at = run_page("pages/2_League.py", year="2016")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Published League size, 2016"] == "87 districts"
    assert "districts" in metrics["Known from sources"]


def test_connectivity_unpublished_states_are_no_data_not_zero():
    at = run_page("pages/3_Connectivity.py", metric="pct_districts_meeting_100kbps", year="2015")
    fig = figures(at)[0]
    no_data = [t for t in fig["data"] if t.get("name", "").startswith("No data") and t["type"] == "choropleth"]
    assert len(no_data) == 1 and no_data[0]["name"] == "No data (20)"
    assert "NY" in no_data[0]["locations"]
    legend = [t["name"] for t in fig["data"] if t.get("showlegend") and t["name"].startswith("No data")]
    assert legend == ["No data (20)"]  # one legend entry: the crossed grey swatch


def test_data_is_loaded_once_per_process_across_reruns(data_copy, monkeypatch):
    calls = []
    real = ui.cache.load_available

    def counting(directory):
        calls.append(directory)
        return real(directory)

    monkeypatch.setattr(ui.cache, "load_available", counting)
    monkeypatch.setenv("CBE_DASH_DATA_DIR", str(data_copy))
    at = run_page("pages/1_Policy.py")
    for year in (2014, 2018, 2020):
        year_slider(at).set_value(year).run()
    run_page("pages/2_League.py")
    assert not at.exception
    assert len(calls) == 1


def test_the_about_page_builds_its_catalog_and_sources_tables_once_across_reruns(data_copy, monkeypatch):
    """Reading the descriptor into tables and joining sources cost ~15 ms a rerun: built once per data version."""
    built: list[str] = []
    for module, name in ((catalog, "all_fields"), (views, "sources_for")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name: built.append(_name) or _real(*a))
    monkeypatch.setenv("CBE_DASH_DATA_DIR", str(data_copy))
    at = run_page("pages/7_About_the_data.py")
    at.run()
    at.run()
    assert not at.exception
    assert sorted(built) == ["all_fields", "sources_for"]


def test_every_table_has_a_page_that_shows_it():
    shown = {"sources", "state_policy", "policy_counts", "league", "league_totals", "connectivity",
             "connectivity_national", "home_internet", "iln", "regions", "tile_grid"}
    assert shown == set(TABLES)


def test_every_year_of_the_map_is_built_when_the_page_opens_and_a_step_builds_none(data_copy, monkeypatch):
    """The browser gets every year's map with the page (ui.instant_years), so a step waits on no build."""
    built: list[int] = []
    real = ui.cache._BUILDERS["league"]

    def counting(ds, year, *args, **kwargs):
        built.append(year)
        return real(ds, year, *args, **kwargs)

    monkeypatch.setitem(ui.cache._BUILDERS, "league", counting)
    monkeypatch.setenv("CBE_DASH_DATA_DIR", str(data_copy))  # a new folder: nothing cached for it yet
    at = run_page("pages/2_League.py", year="2016")
    assert sorted(built) == list(views.league_years(ui.datasets()))
    built.clear()
    year_slider(at).set_value(2017).run()
    assert not at.exception
    assert title(figures(at)[0]).endswith("fall 2017")
    assert built == []


def test_policy_what_changed_lists_first_documented_states_apart_and_never_none():
    at = run_page_with_panels_open("pages/1_Policy.py", layer="diploma_policy", year="2021", since="2017")
    ds = ui.datasets()
    from cbe_dash import views

    moves = views.policy_transitions(ds, "diploma_policy", 2017, 2021)
    changed = int((moves["kind"] == views.CHANGED).sum())
    first = int((moves["kind"] == views.FIRST_DOCUMENTED).sum())
    said = " ".join(m.value for m in at.markdown)
    assert f"{changed} states moved from one known" in said and f"{first} more were first documented" in said
    tables = [d.value for d in at.dataframe]
    moved = next(t for t in tables if "before" in t.columns)  # labelled "Status in 2017" on screen
    assert len(moved) == changed
    assert not moved.astype(str).isin(["None", "nan", "<NA>"]).any().any()


def test_snapshot_layer_leads_with_the_published_counts():
    at = run_page("pages/1_Policy.py", layer="snapshot_category", year="2019")
    first = figures(at)[0]
    assert {t["type"] for t in first["data"]} == {"bar"}
    assert "by edition" in title(first)


def test_league_known_share_follows_the_year_and_the_roster_does_not():
    ds = ui.datasets()
    shares = {year: ui.view(ds, "league_coverage", year) for year in (2016, 2019)}
    assert shares[2016] != shares[2019]
    rosters = {}
    for year in shares:
        at = run_page("pages/2_League.py", year=str(year))
        captions = " ".join(c.value for c in at.caption)
        assert f"Known share: {shares[year]}" in captions
        assert "over the size the League published for that year" in captions
        rosters[year] = next(d.value for d in at.dataframe if "district" in d.value.columns)
    assert rosters[2016].equals(rosters[2019])  # every record, each with the fall it joined
    assert "cohort_year" in rosters[2019].columns


def test_map_table_holds_numbers_and_says_no_data():
    at = run_page_with_panels_open("pages/3_Connectivity.py", metric="pct_districts_meeting_100kbps", year="2015")
    table = next(d for d in at.dataframe if "Category" in d.value.columns)
    value = next(c for c in table.value.columns if c.startswith("Value"))
    assert str(table.value[value].dtype) in ("Float64", "float64")
    assert (table.value["Category"] == "No data").sum() == 20
    assert table.proto.placeholder == "No data"  # a missing number reads "No data" on screen, never None


def test_the_year_control_follows_a_measure_whose_years_have_gaps_and_back():
    """Consecutive years get a numeric slider (read aloud as the year), years with gaps a slider whose
    stops are only those years; switching measures moves between the two without losing a valid year."""
    at = run_page("pages/3_Connectivity.py", metric="pct_districts_meeting_100kbps", year="2018")
    assert type(year_slider(at)).__name__ == "Slider" and year_slider(at).value == 2018
    at.selectbox(key="connectivity.metric").set_value("students_not_meeting_100kbps").run()  # 2015, 2017, 2018
    assert not at.exception
    control = year_slider(at)
    assert type(control).__name__ == "SelectSlider" and list(control.options) == ["2015", "2017", "2018"]
    assert control.value == 2018
    assert title(figures(at)[0]).endswith("2018")
    at.selectbox(key="connectivity.metric").set_value("pct_districts_meeting_100kbps").run()
    assert not at.exception and year_slider(at).value == 2018


def _bare_expressions(path: Path) -> list[int]:
    """Lines where a page states a value without a call: Streamlit's "magic" would once have drawn it."""
    documented = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    not_drawn = (ast.Call, ast.Await, ast.Yield, ast.YieldFrom)  # magic left these alone too
    lines = []
    for parent in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(parent, field, None)
            for i, node in enumerate(block if isinstance(block, list) else []):
                if not isinstance(node, ast.Expr) or isinstance(node.value, not_drawn):
                    continue
                text = isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                if not (text and i == 0 and field == "body" and isinstance(parent, documented)):  # docstring
                    lines.append(node.lineno)
    return sorted(lines)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_draws_only_what_it_calls_for(path):
    """Magic is off (.streamlit/config.toml): a bare value on its own line would silently draw nothing, so no
    page has one."""
    assert _bare_expressions(ROOT / path) == []


def test_a_bare_value_is_found(tmp_path):
    page = tmp_path / "page.py"
    page.write_text('"""Doc."""\nimport streamlit as st\nx = 1\nx\ndef f():\n    """Doc."""\n    "note"\n'
                    'if x:\n    st.write(x)\nelse:\n    x\n', encoding="utf-8")
    assert _bare_expressions(page) == [4, 7, 11]
