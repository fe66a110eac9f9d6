"""Every download the pages offer, fetched through the buttons' own callables (streamlit AppTest), opens
with `pandas.read_csv(path)` defaults: header first, whole numbers as integers, source ids that resolve;
each zip carries metadata and a citation; each view offers a citation and the map pages a link and an embed
snippet. The tables' built-in CSV export is switched off so the safe download is the only one."""
from __future__ import annotations

import csv
import io
import json
import re
import tomllib
import zipfile

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.support.apptest import run_with_panels_open

PAGES = {
    "pages/1_Policy.py": {"year": "2019", "layer": "diploma_policy"},
    "pages/2_League.py": {"year": "2018"},
    "pages/3_Connectivity.py": {"metric": "pct_schools_fiber", "year": "2016"},
    "pages/4_State_profile.py": {"state": "NH"},
    "pages/5_Compare.py": {"states": "KY,NH", "year": "2019"},
    "pages/6_Explore.py": {"year": "2019", "league": "with"},
    "pages/7_About_the_data.py": {},
}
MAP_PAGES = {"pages/1_Policy.py", "pages/2_League.py", "pages/3_Connectivity.py"}


def offered_downloads(path: str, query: dict[str, str], monkeypatch) -> tuple[AppTest, dict[str, bytes]]:
    """Run the page and fetch every file its download buttons offer, by calling the buttons' callables."""
    callables = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):
        callables[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, element_id=element_id)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    at = run_with_panels_open(str(ROOT / path), query, timeout=180)  # as a user opening Download
    assert not at.exception, [e.message for e in at.exception]
    return at, {name: fetch() for name, fetch in callables.items()}


def check_csv(path, ds) -> pd.DataFrame:
    frame = pd.read_csv(path)  # pandas defaults, as an analyst would
    with path.open(newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
        fh.seek(0)
        rows = list(csv.DictReader(fh))
    assert header == list(frame.columns), "the first line is the header"
    assert not header[0].startswith("#")
    for column in frame.columns:
        if {row[column] for row in rows} <= {"True", "False", ""}:  # a yes/no column, written True/False
            continue
        values = pd.to_numeric(frame[column], errors="coerce")
        if frame[column].notna().any() and values.notna().sum() == frame[column].notna().sum() \
                and (values.dropna() % 1 == 0).all():
            assert all(re.fullmatch(r"-?\d*", row[column]) for row in rows), f"{path.name}: {column} as integers"
    ids = [c for c in frame.columns if c == "source_id" or c.endswith("_source_id")]
    assert ids, f"{path.name} names no source ids"
    known = set(ds.sources["source_id"])
    for column in ids:
        assert set(frame[column].dropna()) <= known, f"{path.name}: {column} does not join to sources.csv"
    return frame


@pytest.mark.parametrize("path", PAGES)
def test_every_download_on_the_page_reads_cleanly(path, ds, monkeypatch, tmp_path):
    at, files = offered_downloads(path, PAGES[path], monkeypatch)
    csvs = {n: b for n, b in files.items() if n.endswith(".csv")}
    zips = {n: b for n, b in files.items() if n.endswith(".zip") and n.startswith("cbe-dash-") and "data-" not in n}
    assert csvs, "the page offers a CSV"
    assert any(b.label.startswith("Displayed data") for b in at.get("download_button"))
    for name, data in csvs.items():
        target = tmp_path / name
        target.write_bytes(data)
        frame = check_csv(target, ds)
        assert len(frame) > 0, name
    for name, data in zips.items():
        archive = zipfile.ZipFile(io.BytesIO(data))
        meta = json.loads(archive.read("metadata.json"))
        inner = tmp_path / meta["file"]
        inner.write_bytes(archive.read(meta["file"]))
        frame = check_csv(inner, ds)
        assert [f["name"] for f in meta["fields"]] == list(frame.columns)
        assert meta["citation"].startswith("Source: ") and ds.version in meta["citation"]
        assert {"README.txt", "sources.csv"} <= set(archive.namelist())


@pytest.mark.parametrize("path", PAGES)
def test_every_view_offers_a_citation_and_map_pages_a_link_and_embed(path, monkeypatch):
    at = run_with_panels_open(str(ROOT / path), PAGES[path], timeout=180)  # Cite and Share opened
    codes = [c.value for c in at.code]
    assert any(c.startswith("Source: ") and "compiled in CBE Dash" in c for c in codes)
    if path in MAP_PAGES:
        link = next(c for c in codes if c.startswith(("?", "http")))
        assert all(f"{k}={v}" in link for k, v in PAGES[path].items())
        assert any(c.startswith("<iframe") and "embed=true" in c for c in codes)


def test_tables_builtin_export_is_off():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["disableDataExport"] is True
    from streamlit import config as st_config

    assert "client.disableDataExport" in st_config._config_options  # the option exists in this Streamlit


@pytest.mark.parametrize("path", sorted(MAP_PAGES))
def test_map_pages_offer_their_timeline_as_one_offline_html_file(path, monkeypatch):
    _, files = offered_downloads(path, PAGES[path], monkeypatch)
    pages = {n: b if isinstance(b, str) else b.decode("utf-8") for n, b in files.items() if n.endswith(".html")}
    assert len(pages) == 1, "one interactive map per map page"
    (name, html), = pages.items()
    assert name.startswith("cbe-dash-") and html.lstrip().lower().startswith("<!doctype html")
    assert "<script src=" not in html.replace(" ", "").lower() and "<linkrel=" not in html.replace(" ", "").lower(), \
        "plotly.js, the outline and the styles are inline: the file needs no other file and no network"
    assert "Next" in html and "Play" in html, "the timeline's controls travel with the file"
