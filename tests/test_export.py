"""Downloads are exactly what is shown, name the data version, and cannot run as spreadsheet formulas."""
import io
import zipfile

import pandas as pd

from cbe_dash.export import data_bundle, neutralise, table_csv


def test_formula_cells_are_neutralised():
    for text in ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "=HYPERLINK(\"http://x\")"]:
        assert neutralise(text) == "'" + text
    assert neutralise("Kentucky") == "Kentucky"
    assert neutralise(-3) == -3


def test_table_csv_has_version_header_and_round_trips():
    frame = pd.DataFrame({"state": ["KY", "NH"], "value": [92.0, None], "note": ["=cmd|' /C calc'!A0", "ok"],
                          "source": ["Aurora Institute (2019)", "ESH (2015)"]})
    data = table_csv(frame, title="test table", version="1.0.0+abc")
    first, rest = data.decode("utf-8").split("\n", 1)
    assert first.startswith("# CBE Dash: test table. Data version 1.0.0+abc")
    back = pd.read_csv(io.StringIO(rest))
    assert list(back.columns) == list(frame.columns)
    assert back["state"].tolist() == ["KY", "NH"]
    assert back["value"].isna().tolist() == [False, True]
    assert back["note"].tolist()[0] == "'=cmd|' /C calc'!A0"


def test_bundle_holds_every_valid_file_and_the_descriptor(ds):
    names = zipfile.ZipFile(io.BytesIO(data_bundle(ds))).namelist()
    assert "datapackage.json" in names
    assert {r.path for r in ds.package.resources} <= set(names)
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
