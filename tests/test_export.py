"""Downloads open cleanly in pandas and spreadsheets, name every value's source by id, cannot run as
spreadsheet formulas, and carry their provenance beside them (zip: metadata.json, README, sources)."""
import csv
import io
import json
import re
import zipfile

import pandas as pd
import pytest

from cbe_dash import explore, maps, view_data, views
from cbe_dash.download_package import table_zip
from cbe_dash.export import data_bundle, neutralise, table_csv
from cbe_dash.states import STATE_CODES

ACCESS = pd.Timestamp("2026-12-01").date()


def test_formula_cells_are_neutralised():
    for text in ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "=HYPERLINK(\"http://x\")"]:
        assert neutralise(text) == "'" + text
    assert neutralise("Kentucky") == "Kentucky"
    assert neutralise(-3) == -3


def test_csv_starts_with_its_header_and_writes_whole_numbers_as_integers(tmp_path):
    frame = pd.DataFrame({"state": ["KY", "NH"], "students": [407093.0, None], "pct": [92.5, 100.0],
                          "note": ["=cmd|' /C calc'!A0", "ok"]})
    path = tmp_path / "t.csv"
    path.write_bytes(table_csv(frame))
    assert path.read_text().splitlines()[0] == "state,students,pct,note"
    assert "407093.0" not in path.read_text() and "407093" in path.read_text()
    back = pd.read_csv(path)
    assert back.shape == frame.shape
    assert back["students"].isna().tolist() == [False, True]
    assert back["pct"].tolist() == [92.5, 100.0]
    assert back["note"].tolist()[0] == "'=cmd|' /C calc'!A0"


def _offered(ds):
    """Every table the Download bars offer: each view's displayed data for every setting, and full data."""
    out = []
    for layer in maps.POLICY_LAYERS:
        out += [("policy", (layer, y)) for y in views.policy_years(ds)]
    out += [("league", (y,)) for y in views.league_years(ds)]
    for metric in maps.CONNECTIVITY_LAYERS:
        out += [("connectivity", (metric, y)) for y in maps.connectivity_years(ds, metric)]
    out += [("profile", (s,)) for s in STATE_CODES]
    years = explore.explore_years(ds)
    out += [("cross", (years[0],)), ("cross", (years[-1],)), ("sources", ())]
    return out


@pytest.fixture(scope="module")
def offered(ds):
    tables = [view_data.displayed(ds, kind, *args) for kind, args in _offered(ds)]
    tables += [view_data.full(ds, kind, *args) for kind, args in
               {(k, a[:1] if k == "connectivity" else ()) : None for k, a in _offered(ds)} if kind != "sources"]
    tables.append(view_data.for_states(view_data.displayed(ds, "cross", 2019), ["NH", "KY"]))
    tables.append(view_data.league_districts(ds, ["CA", "NJ"]))
    return tables


def _integer_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if pd.api.types.is_integer_dtype(frame[c].dtype)
            or (pd.api.types.is_float_dtype(frame[c].dtype) and (frame[c].dropna() % 1 == 0).all())]


def test_every_offered_csv_reads_with_pandas_defaults(ds, offered, tmp_path):
    source_urls = ds.sources.set_index("source_id")["url"]
    for table in offered:
        path = tmp_path / f"{table.name}.csv"
        path.write_bytes(table_csv(table.frame))
        back = pd.read_csv(path)  # defaults, as an analyst would
        assert back.shape == table.frame.shape, table.name
        assert list(back.columns) == [str(c) for c in table.frame.columns], table.name
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        for column in _integer_columns(table.frame):  # whole numbers: written as integers, gaps empty
            assert all(re.fullmatch(r"-?\d*", row[column]) for row in rows), (table.name, column)
        id_columns = [c for c in back.columns if c == "source_id" or c.endswith("_source_id")]
        assert id_columns, f"{table.name} carries no source id"
        for column in id_columns:
            ids = back[column].dropna()
            assert ids.isin(source_urls.index).all(), (table.name, column)
            url_column = column[:-3] + "_url"
            if table.name != "cbe-dash-sources":
                assert (back.loc[ids.index, url_column] == ids.map(source_urls)).all(), (table.name, column)
        assert "sources" not in back.columns, "publisher names are not a join key"


def test_displayed_data_is_what_the_view_shows(ds):
    policy = view_data.displayed(ds, "policy", "credit_policy", 2019).frame
    status = views.policy_status(ds, 2019)
    assert len(policy) == 51 and policy["credit_policy"].fillna("?").tolist() == status["credit_policy"].fillna("?").tolist()
    league = view_data.displayed(ds, "league", 2016).frame
    assert sorted(league["district"]) == sorted(views.league_members_by(ds, 2016)["district"])
    shown = explore.shown_table(explore.cross_table(ds, 2018))
    cross = view_data.displayed(ds, "cross", 2018).frame
    for column in [c for c in shown.columns if c != "sources"]:
        assert cross[column].astype(str).tolist() == shown[column].astype(str).tolist(), column


def test_full_data_has_every_state_and_year(ds):
    policy = view_data.full(ds, "policy", "credit_policy", 2019).frame
    assert len(policy) == 51 * len(views.policy_years(ds))
    assert set(policy["year"]) == set(views.policy_years(ds))
    rows = ds.connectivity[ds.connectivity["metric"] == "pct_districts_meeting_100kbps"]
    assert len(view_data.full(ds, "connectivity", "pct_districts_meeting_100kbps", 2016).frame) == len(rows)
    assert len(view_data.full(ds, "league", 2016).frame) == len(ds.league)
    assert view_data.full(ds, "sources") is None  # the displayed table already is all of it


def test_zip_holds_the_csv_its_metadata_a_readme_and_the_sources_used(ds):
    table = view_data.displayed(ds, "connectivity", "pct_districts_meeting_100kbps", 2015)
    archive = zipfile.ZipFile(io.BytesIO(table_zip(ds, table, accessed=ACCESS)))
    assert sorted(archive.namelist()) == sorted([f"{table.name}.csv", "metadata.json", "README.txt", "sources.csv"])
    data = pd.read_csv(archive.open(f"{table.name}.csv"))
    meta = json.loads(archive.read("metadata.json"))
    assert [f["name"] for f in meta["fields"]] == list(data.columns)
    types = {f["name"]: f["type"] for f in meta["fields"]}
    assert types["report_year"] == "integer" and types["state"] == "string"
    assert all(f["description"] for f in meta["fields"]), [f["name"] for f in meta["fields"] if not f["description"]]
    assert meta["data_version"] == ds.version and meta["accessed"] == "2026-12-01"
    assert meta["citation"].startswith("Source: EducationSuperHighway")
    assert f"data version {ds.version}, accessed 2026-12-01" in meta["citation"]
    used = pd.read_csv(archive.open("sources.csv"))
    assert set(used["source_id"]) == set(data["source_id"].dropna())
    assert {s["source_id"] for s in meta["sources"]} == set(used["source_id"])
    assert meta["citation"] in archive.read("README.txt").decode()


def test_bundle_holds_every_valid_file_the_descriptor_readme_and_terms(ds):
    names = zipfile.ZipFile(io.BytesIO(data_bundle(ds))).namelist()
    assert "datapackage.json" in names
    assert {r.path for r in ds.package.resources} <= set(names)
    assert {"README.md", "TERMS.md"} <= set(names)
    assert "PROBLEMS.txt" not in names


def test_bundle_leaves_out_a_broken_file_and_says_why(data_copy):
    from cbe_dash.data import load_available

    (data_copy / "regions.csv").write_bytes(b"")
    archive = zipfile.ZipFile(io.BytesIO(data_bundle(load_available(data_copy))))
    assert "regions.csv" not in archive.namelist()
    assert "regions.csv:1: -: file is empty" in archive.read("PROBLEMS.txt").decode()


def test_bundle_ships_the_bytes_that_were_validated_not_the_disk_at_click_time(data_copy):
    from cbe_dash.data import load_available

    ds = load_available(data_copy)
    validated = (data_copy / "regions.csv").read_bytes()
    (data_copy / "regions.csv").write_bytes(b"state,region\nXX,=cmd()\n")  # edited after the check
    (data_copy / "sources.csv").unlink()
    archive = zipfile.ZipFile(io.BytesIO(data_bundle(ds)))
    assert archive.read("regions.csv") == validated
    assert "sources.csv" in archive.namelist()
    assert archive.read("datapackage.json") == ds.descriptor


def test_validated_bytes_are_read_only(ds):
    import pytest

    with pytest.raises(TypeError):
        ds.files["regions.csv"] = b""  # type: ignore[index]
    assert set(ds.files) == {res.path for res in ds.package.resources}
