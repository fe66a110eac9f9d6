"""The rules behind the pages' assumptions, stated on their own (the corruption matrix runs them on data)."""
from __future__ import annotations

from pathlib import Path

import pytest

from cbe_dash.data import folder_signature, load_available
from cbe_dash.validation_files import MAPPED_CONNECTIVITY_METRICS
from cbe_dash.validation_links import shadow_library
from cbe_dash.validation_rows import expected_units
from tests.conftest import read_rows, write_rows


@pytest.mark.parametrize("url", [
    "https://zlibrary.cc/dl/some-report", "https://z-lib.io/book/1", "https://z-library.sk/", "http://libgen.is/x",
    "https://libgen.rs/book", "https://sci-hub.se/10.1000/1", "https://www.annas-archive.org/md5/0",
    "https://b-ok.org/book/1", "https://1lib.net/x", "https://www.pdfdrive.com/x.html", "http://gen.lib.rus.ec/x",
    "HTTPS://ZLIBRARY.CC/x",
])
def test_shadow_library_links_are_recognised(url):
    assert shadow_library(url)


@pytest.mark.parametrize("url", [
    "https://eric.ed.gov/?id=ED561282", "https://zlib.net/", "https://library.wyo.gov/x",
    "https://www.loc.gov/item/x", "https://example.org/libgen-review", "not a url",
])
def test_ordinary_links_are_not(url):
    assert shadow_library(url) is None


def test_a_source_linking_to_a_shadow_library_is_refused_by_file_and_line(data_copy):
    header, rows = read_rows(data_copy / "sources.csv")
    rows[4]["url"] = "https://z-lib.io/book/competency-education"
    write_rows(data_copy / "sources.csv", header, rows)
    ds = load_available(data_copy)
    assert [str(p) for p in ds.problems] == [
        "sources.csv:6: url: links to a shadow library or piracy site (z-lib); cite the publisher's own copy "
        "(or another lawful host) instead"]
    assert not ds.available("sources")


def test_the_connectivity_measures_required_are_the_ones_the_page_maps():
    from cbe_dash import headlines, maps

    assert list(MAPPED_CONNECTIVITY_METRICS) == [m for m in maps.CONNECTIVITY_LAYERS if m != "home_internet"]
    assert MAPPED_CONNECTIVITY_METRICS[0] == headlines.HOME_CONNECTIVITY_METRIC


def test_every_metric_in_the_project_data_has_a_unit_its_name_allows(ds):
    for table in (ds.connectivity, ds.connectivity_national):
        for metric, unit in zip(table["metric"], table["unit"]):
            allowed = expected_units(metric)
            assert allowed is None or unit in allowed, (metric, unit)


def test_a_threshold_flag_may_be_named_pct_but_a_percent_may_not_be_counted_in_students():
    assert expected_units("pct_students_meeting_100kbps_below_90") == {"percent", "flag"}
    assert expected_units("pct_schools_fiber") == {"percent"}
    assert expected_units("students_meeting_100kbps") == {"students"}
    assert expected_units("sample_size") is None


def test_the_folder_signature_survives_anything_the_folder_holds(tmp_path: Path):
    (tmp_path / "a.csv").write_text("x\n1\n", encoding="utf-8")
    (tmp_path / "ghost.csv").symlink_to(tmp_path / "missing.csv")
    (tmp_path / "dir.csv").mkdir()
    names = [name for name, *_ in folder_signature(tmp_path)]
    assert names == ["a.csv", "dir.csv", "ghost.csv"]
    assert folder_signature(tmp_path / "no-such-folder") == ()


def test_a_missing_data_folder_is_one_clear_problem_per_table(tmp_path: Path):
    ds = load_available(tmp_path / "nowhere")
    assert {str(p) for p in ds.problems} == {"nowhere:1: -: the data folder does not exist"}
    assert not ds.tables


def test_a_descriptor_may_only_name_files_inside_the_data_folder():
    from cbe_dash.data import PROJECT_DATA_DIR
    from cbe_dash.schema import DescriptorError, parse_package

    text = (PROJECT_DATA_DIR / "datapackage.json").read_text(encoding="utf-8")
    with pytest.raises(DescriptorError, match="CSV file name in the data folder"):
        parse_package(text.replace('"path": "regions.csv"', '"path": "../../etc/passwd"'))
    assert len(parse_package(text).resources) == 11
