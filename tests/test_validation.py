"""A bad data file is reported by file, line and column, and costs only its own table."""
from __future__ import annotations

from pathlib import Path

import pytest

from cbe_dash.__main__ import main
from cbe_dash.data import load_available, load_datasets
from cbe_dash.validation import DataValidationError
from tests.conftest import read_rows, write_rows


def edit_row(data_dir: Path, file: str, index: int, **changes: str) -> int:
    """Change cells of data row ``index`` (0-based) and return its line number in the file."""
    header, rows = read_rows(data_dir / file)
    rows[index].update(changes)
    write_rows(data_dir / file, header, rows)
    return index + 2


def problems_of(data_dir: Path) -> list[str]:
    return [str(p) for p in load_available(data_dir).problems]


def test_project_data_is_clean(capsys):
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.startswith("OK: 11 tables")


def test_unknown_state_code(data_copy):
    line = edit_row(data_copy, "state_policy_events.csv", 3, state="XX")
    assert problems_of(data_copy) == [
        f"state_policy_events.csv:{line}: state: 'XX' is not a known state code (USPS code of the 50 states and DC)"]


def test_unknown_category_word(data_copy):
    header, rows = read_rows(data_copy / "state_policy_events.csv")
    index = next(i for i, r in enumerate(rows) if r["field"] == "credit_policy")
    line = edit_row(data_copy, "state_policy_events.csv", index, value="statewide")
    assert problems_of(data_copy) == [
        f"state_policy_events.csv:{line}: value: 'statewide' is not a credit_policy word (none, limited, permitted, required)"]


def test_misspelled_category_word(data_copy):
    line = edit_row(data_copy, "policy_counts.csv", 0, category="advanced")
    assert problems_of(data_copy) == [
        f"policy_counts.csv:{line}: category: 'advanced' is not an allowed value (Not Yet, Emerging, Developing, Advanced)"]


def test_duplicate_key(data_copy):
    header, rows = read_rows(data_copy / "state_policy_events.csv")
    write_rows(data_copy / "state_policy_events.csv", header, rows + [dict(rows[0])])
    first = rows[0]
    key = f"{first['state']}, {first['year']}, {first['field']}"
    assert problems_of(data_copy) == [
        f"state_policy_events.csv:{len(rows) + 2}: state, year, field: duplicate key ({key}): also on line 2"]


def test_percent_above_100(data_copy):
    header, rows = read_rows(data_copy / "connectivity.csv")
    index = next(i for i, r in enumerate(rows) if r["unit"] == "percent")
    line = edit_row(data_copy, "connectivity.csv", index, value="140")
    assert problems_of(data_copy) == [f"connectivity.csv:{line}: value: 140 percent is above 100"]


def test_percent_above_100_in_home_internet(data_copy):
    line = edit_row(data_copy, "home_internet.csv", 0, pct_households_no_internet="140")
    assert problems_of(data_copy) == [
        f"home_internet.csv:{line}: pct_households_no_internet: 140 is above the maximum 100"]


def test_negative_count(data_copy):
    header, rows = read_rows(data_copy / "policy_counts.csv")
    index = next(i for i, r in enumerate(rows) if r["count"])
    line = edit_row(data_copy, "policy_counts.csv", index, count="-3")
    assert problems_of(data_copy) == [f"policy_counts.csv:{line}: count: -3 is below the minimum 0"]


def test_missing_column(data_copy):
    header, rows = read_rows(data_copy / "league_totals.csv")
    header.remove("districts")
    for row in rows:
        del row["districts"]
    write_rows(data_copy / "league_totals.csv", header, rows)
    assert problems_of(data_copy) == ["league_totals.csv:1: districts: column is missing"]


def test_unresolved_source_id(data_copy):
    line = edit_row(data_copy, "league_members.csv", 5, source_id="no-such-source")
    assert problems_of(data_copy) == [
        f"league_members.csv:{line}: source_id: 'no-such-source' is not a source_id in sources.csv"]


def test_empty_file(data_copy):
    (data_copy / "connectivity.csv").write_bytes(b"")
    assert problems_of(data_copy) == ["connectivity.csv:1: -: file is empty (expected a header row and data rows)"]


def test_header_only_file(data_copy):
    header, _ = read_rows(data_copy / "regions.csv")
    write_rows(data_copy / "regions.csv", header, [])
    assert problems_of(data_copy) == ["regions.csv:1: -: no data rows (the file has only a header)"]


def test_non_utf8_bytes(data_copy):
    path = data_copy / "league_members.csv"
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b",", b",Caf\xe9 ", 1)
    path.write_bytes(b"\n".join(lines))
    assert problems_of(data_copy) == ["league_members.csv:4: -: not valid UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_formula_cell(data_copy):
    line = edit_row(data_copy, "sources.csv", 2, title="=HYPERLINK(\"http://evil\")")
    assert problems_of(data_copy) == [
        f"sources.csv:{line}: title: starts with '=', which a spreadsheet would run as a formula"]


def test_not_a_number(data_copy):
    line = edit_row(data_copy, "tile_grid.csv", 0, col="three")
    assert problems_of(data_copy) == [f"tile_grid.csv:{line}: col: 'three' is not a whole number (digits 0-9 only)"]


def test_all_problems_are_reported_together(data_copy):
    a = edit_row(data_copy, "state_policy_events.csv", 0, state="ZZ")
    b = edit_row(data_copy, "connectivity.csv", 0, report_year="1850")
    c = edit_row(data_copy, "league_totals.csv", 0, districts="")
    with pytest.raises(DataValidationError) as err:
        load_datasets(data_copy)
    lines = str(err.value).splitlines()
    assert f"connectivity.csv:{b}: report_year: 1850 is below the minimum 2015" in lines
    assert f"league_totals.csv:{c}: districts: missing value (required)" in lines
    assert any(line.startswith(f"state_policy_events.csv:{a}: state:") for line in lines)


def test_broken_table_is_withheld_and_others_load(data_copy):
    edit_row(data_copy, "connectivity.csv", 0, value="-1")
    ds = load_available(data_copy)
    assert not ds.available("connectivity")
    assert ds.available("state_policy", "league", "league_totals", "policy_counts", "sources")
    assert len(ds.state_policy) == len(read_rows(data_copy / "state_policy_events.csv")[1])


def test_no_row_is_silently_dropped(ds, data_copy):
    for attr, file in [("state_policy", "state_policy_events.csv"), ("league", "league_members.csv"),
                       ("connectivity", "connectivity.csv"), ("sources", "sources.csv")]:
        assert len(getattr(ds, attr)) == len(read_rows(data_copy / file)[1])


def test_cli_prints_problems_and_exits_1(data_copy, capsys):
    line = edit_row(data_copy, "state_policy_events.csv", 1, state="XX")
    assert main(["validate", str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"state_policy_events.csv:{line}: state: 'XX' is not a known state code (USPS code of the 50 states and DC)"]


def test_data_dir_from_environment(data_copy, monkeypatch):
    (data_copy / "regions.csv").write_bytes(b"")
    monkeypatch.setenv("CBE_DASH_DATA_DIR", str(data_copy))
    assert not load_available().available("regions")


# --- the stamp of already-checked files (data/validated.json) -------------------------------------------

def test_committed_stamp_records_the_shipped_data_under_the_current_rules():
    from cbe_dash.data import PROJECT_DATA_DIR, expected_stamp
    from cbe_dash.stamp import STAMP_FILE

    assert (PROJECT_DATA_DIR / STAMP_FILE).read_text(encoding="utf-8") == expected_stamp(), (
        "data/validated.json is stale: run `python -m cbe_dash validate --stamp` after editing data/ or the rules")


def constraint_checked_files(monkeypatch, data_dir: Path, **kwargs: bool) -> list[str]:
    """The files whose pandera constraint checks ran while loading `data_dir`."""
    from cbe_dash import validation

    checked: list[str] = []
    real = validation._constraint_problems

    def spy(frame, res):
        checked.append(res.path)
        return real(frame, res)

    monkeypatch.setattr(validation, "_constraint_problems", spy)
    load_available(data_dir, **kwargs)
    return checked


def test_files_identical_to_the_stamped_ones_skip_the_checks_they_passed(monkeypatch, data_copy):
    assert constraint_checked_files(monkeypatch, data_copy) == []


def test_an_edited_file_gets_the_full_checks_again(monkeypatch, data_copy):
    line = edit_row(data_copy, "home_internet.csv", 0, pct_households_no_internet="140")
    assert constraint_checked_files(monkeypatch, data_copy) == ["home_internet.csv"]
    assert problems_of(data_copy) == [
        f"home_internet.csv:{line}: pct_households_no_internet: 140 is above the maximum 100"]


def test_without_trusting_the_stamp_every_file_is_checked(monkeypatch, data_copy):
    assert len(constraint_checked_files(monkeypatch, data_copy, trust_stamp=False)) == 11


def test_a_stamp_from_other_rules_vouches_for_nothing():
    from cbe_dash.stamp import KnownGood, digest

    known = KnownGood("rules-A", {"x.csv": digest(b"a,b\n1,2\n")})
    assert known.covers("x.csv", b"a,b\n1,2\n", fingerprint="rules-A")
    assert not known.covers("x.csv", b"a,b\n1,2\n", fingerprint="rules-B")
    assert not known.covers("x.csv", b"a,b\n1,3\n", fingerprint="rules-A")
    assert not known.covers("y.csv", b"a,b\n1,2\n", fingerprint="rules-A")


def test_an_unreadable_stamp_means_full_checks(tmp_path):
    from cbe_dash.stamp import NOTHING_KNOWN, read_stamp

    (tmp_path / "validated.json").write_text("{not json", encoding="utf-8")
    assert read_stamp(tmp_path / "validated.json") == NOTHING_KNOWN
    assert read_stamp(tmp_path / "missing.json") == NOTHING_KNOWN


def test_data_with_a_problem_can_never_be_stamped(monkeypatch, data_copy):
    from cbe_dash import data

    edit_row(data_copy, "home_internet.csv", 0, pct_households_no_internet="140")
    monkeypatch.setattr(data, "PROJECT_DATA_DIR", data_copy)
    with pytest.raises(DataValidationError, match="above the maximum"):
        data.expected_stamp()


def test_stamp_command_refuses_another_folder(data_copy):
    with pytest.raises(SystemExit):
        main(["validate", str(data_copy), "--stamp"])
