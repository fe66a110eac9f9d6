"""The static edition (`python -m cbe_dash build-site OUT`): every page and year is there, data is text and
never markup, the plotly.js bundle is the recorded one, and nothing points off the site."""
from __future__ import annotations

import atexit
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest

from cbe_dash import maps, views
from cbe_dash.__main__ import main
from cbe_dash.data import PROJECT_DATA_DIR, load_available, load_datasets
from cbe_dash.site import build as site_build
from cbe_dash.site import vendor
from cbe_dash.site.build import build_site
from cbe_dash.site.render import render, script_json
from cbe_dash.site.standalone import interactive_map_html
from cbe_dash.site.timeline import all_map_settings, map_timeline
from cbe_dash.states import STATE_CODES
from tests.conftest import ROOT, read_rows, write_rows

#: The built static site (built_site, cached per process) is built once, for these and the browser tests.
pytestmark = pytest.mark.xdist_group("static-site")

LIVE = "http://live.example/cbe"
HOSTILE = '</script><script>alert("x")</script><img src=x onerror=alert(1)>'


@lru_cache(maxsize=1)
def built_site() -> Path:
    """The site built once per test session (the browser tests use the same folder)."""
    out = Path(tempfile.mkdtemp(prefix="cbe-dash-site-"))
    atexit.register(shutil.rmtree, out, True)
    build_site(load_datasets(PROJECT_DATA_DIR), out, live_url=LIVE)
    return out


@pytest.fixture(scope="session")
def site() -> Path:
    return built_site()


def timeline_of(html: str) -> dict:
    body = re.search(r'<script type="application/json" id="timeline">(.*?)</script>', html, re.S)
    assert body, "map page has no timeline data"
    return json.loads(body.group(1))


def map_pages(ds) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {"maps/" + "-".join((k, *s)) + ".html": (k, s) for k, s in all_map_settings(ds)}


def test_every_page_and_download_is_written(site, ds):
    expected = ["index.html", "sources.html", "downloads.html", "states/index.html",
                *[f"states/{c}.html" for c in STATE_CODES], *map_pages(ds),
                "downloads/datapackage.json", *[f"downloads/{r.path}" for r in ds.package.resources],
                f"downloads/cbe-dash-data-{ds.version}.zip",
                "assets/plotly-geo.min.js", "assets/LICENSE-plotly.js.txt", "assets/usa_110m.js"]
    assert [p for p in expected if not (site / p).is_file()] == []
    assert len(map_pages(ds)) == 3 + 1 + len([m for m in maps.CONNECTIVITY_LAYERS if maps.connectivity_years(ds, m)])


def test_every_year_of_every_map_has_both_views_with_51_states(site, ds):
    for path, (kind, settings) in map_pages(ds).items():
        data = timeline_of((site / path).read_text(encoding="utf-8"))
        years = (views.policy_years(ds) if kind == "policy" else views.league_years(ds) if kind == "league"
                 else maps.connectivity_years(ds, settings[0]))
        assert data["years"] == years, path
        for year in years:
            frame = data["frames"][str(year)]
            assert frame["lines"] and frame["coverage"], (path, year)
            geo, tiles = frame["figures"]["map"], frame["figures"]["tiles"]
            # the states themselves: choropleth shapes and labelled tiles (marks and rings are drawn on top)
            assert sum(len(t.get("locations", [])) for t in geo["data"] if t["type"] == "choropleth") == 51, (path, year)
            assert sum(len(t["x"]) for t in tiles["data"] if t.get("mode") == "markers+text") == 51, (path, year)
            assert str(year) in geo["layout"]["title"]["text"], (path, year)


def test_pages_are_the_app_figures_for_that_year(site, ds):
    data = timeline_of((site / "maps/policy-diploma_policy.html").read_text(encoding="utf-8"))
    app_figure = maps.policy_figure(ds, "diploma_policy", 2017, "tiles").to_plotly_json()
    assert data["frames"]["2017"]["figures"]["tiles"] == json.loads(script_json(app_figure))


def test_nothing_is_loaded_from_another_origin(site):
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        loads = re.findall(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="([^"]*)"', html)
        assert [u for u in loads if re.match(r"^[a-z]+:|^//", u, re.I)] == [], page
    assert "cdn" not in (site / "assets/site.js").read_text(encoding="utf-8").lower()


def test_shipped_plotly_is_the_recorded_bundle(site):
    digest = hashlib.sha256((site / "assets/plotly-geo.min.js").read_bytes()).hexdigest()
    assert digest == vendor.recorded_sha256()


def test_builder_refuses_a_bundle_that_fails_its_checksum(tmp_path, monkeypatch, ds, capsys):
    tampered = tmp_path / "plotly-geo.min.js"
    tampered.write_bytes(vendor.PLOTLY_JS.read_bytes() + b"\n;alert(1)")
    monkeypatch.setattr(vendor, "PLOTLY_JS", tampered)
    with pytest.raises(vendor.ChecksumMismatch):
        build_site(ds, tmp_path / "site")
    assert main(["build-site", str(tmp_path / "cli-site")]) == 1
    assert "refusing to build" in capsys.readouterr().err
    assert not (tmp_path / "site").exists() and not (tmp_path / "cli-site").exists()


def test_live_links_open_the_matching_view(site):
    policy = (site / "maps/policy-snapshot_category.html").read_text(encoding="utf-8")
    assert f'href="{LIVE}/Policy?layer=snapshot_category&amp;year=' in policy
    assert f'href="{LIVE}/State_profile?state=KY"' in (site / "states/KY.html").read_text(encoding="utf-8")


def test_no_live_link_without_a_live_url(tmp_path, ds):
    html = render("states.html", title="t", root="", states=[], live_href=None, version="v", sections=[], config={})
    assert "live app" not in html


@pytest.fixture(scope="module")
def hostile_ds(tmp_path_factory):
    """The project's data with markup in the publisher and title of the sources behind the policy map."""
    target = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(PROJECT_DATA_DIR, target)
    header, rows = read_rows(target / "sources.csv")
    used = set(r["source_id"] for r in read_rows(target / "state_policy_events.csv")[1])
    for row in rows:
        if row["source_id"] in used:
            row.update(publisher=HOSTILE, title=HOSTILE)
    write_rows(target / "sources.csv", header, rows)
    ds = load_available(target)
    assert ds.available("sources", "state_policy"), ds.problems[:3]
    return ds


def test_data_strings_are_text_never_markup(hostile_ds):
    rows = site_build.pages.source_rows(hostile_ds)
    rows[0]["url"] = "javascript:alert(1)"  # refused by validation too; the page must not link it either
    sources = render("sources.html", title="Sources", root="", rows=rows,
                     live_href=None, version="v", sections=[], config={})
    assert HOSTILE not in sources and "<img" not in sources
    assert "&lt;/script&gt;&lt;script&gt;alert(" in sources
    assert "javascript:" not in sources  # an unsafe URL is shown as text without a link, and only http(s) links
    page = render("map.html", title="t", root="../", heading="h", siblings=[], layer_nav_label="Layer",
                  timeline=map_timeline(hostile_ds, "policy", "credit_policy"), live_href=None, version="v",
                  sections=[], config={})
    assert HOSTILE not in page and "<img" not in page
    for body in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S):
        assert "<" not in body and ">" not in body
        text = json.dumps(json.loads(body))
        assert "&lt;/script&gt;" in text or "alert" not in text  # hover text is plotly-escaped as in the app


def test_interactive_map_file_is_self_contained(ds):
    html = interactive_map_html(ds, "connectivity", "schools_needing_fiber")
    markup = re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S)
    assert re.findall(r'\b(?:src|href)=', markup) == []  # no file beside it, no link out
    assert len(re.findall(r"<script\b", html)) == 5 and "<script src" not in html
    assert vendor.verified_plotly_js().decode("utf-8")[:2000] in html
    data = timeline_of(html)
    assert data["years"] == maps.connectivity_years(ds, "schools_needing_fiber")
    assert all(set(f["figures"]) == {"map", "tiles"} for f in data["frames"].values())
    assert "Source: " in json.dumps(data["frames"][str(data["years"][0])]["figures"]["map"]["layout"]["annotations"])


def test_static_edition_needs_no_streamlit():
    code = ("import sys; sys.modules['streamlit'] = None\n"
            "from cbe_dash.site import build, standalone, cli\n"
            "assert 'streamlit' not in {m.split('.')[0] for m in sys.modules if sys.modules[m] is not None}\n")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True).returncode == 0
