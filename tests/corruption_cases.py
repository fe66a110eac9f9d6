"""The corruption matrix's cases: each breaks a copy of data/ in one way and says what `validate` must print.

An empty list means the change is an accepted normalisation: the tables must load exactly as from the
project's own data. "<descriptor>" stands for the JSON error of a cut-off datapackage.json, whose
position depends on the file's length.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import read_rows, write_rows

# --- editing a data copy ----------------------------------------------------------------------------------

def edit(d: Path, file: str, where: Callable[[dict[str, str]], bool], **changes: str) -> int:
    """Change the first row matching `where`; returns its line number in the file."""
    header, rows = read_rows(d / file)
    index = next(i for i, r in enumerate(rows) if where(r))
    rows[index].update(changes)
    write_rows(d / file, header, rows)
    return index + 2


def keep(d: Path, file: str, where: Callable[[dict[str, str]], bool]) -> None:
    header, rows = read_rows(d / file)
    write_rows(d / file, header, [r for r in rows if where(r)])


def any_row(r: dict[str, str]) -> bool:
    return True


def unit(name: str) -> Callable[[dict[str, str]], bool]:
    return lambda r: r["unit"] == name


def state(code: str) -> Callable[[dict[str, str]], bool]:
    return lambda r: r["state"] == code


# --- the cases ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    """`make(d)` breaks the copy `d` and returns the problems `validate` must print (none: accepted)."""

    id: str
    origin: str  # "crash" / "silent-wrong" (issue 14), "folder", "rule" (added with the rules)
    make: Callable[[Path], list[str]]
    descriptor: bool = False  # the case breaks datapackage.json (the project's contract, so it is patched in)
    unreadable: str | None = None  # a file to make unreadable (as root, chmod alone does not stop reads)


def _int64(d: Path) -> list[str]:
    line = edit(d, "league_totals.csv", any_row, students="99999999999999999999999")
    return [f"league_totals.csv:{line}: students: '99999999999999999999999' is too large for a whole number "
            "(at most 19 digits)"]


def _dangling_table_link(d: Path) -> list[str]:
    (d / "regions.csv").unlink()
    (d / "regions.csv").symlink_to(d / "gone" / "regions.csv")
    return ["regions.csv:1: -: is a link to a file that does not exist"]


def _dangling_stray_link(d: Path) -> list[str]:
    (d / "old_copy.csv").symlink_to(d / "nowhere.csv")
    return []


def _missing(file: str) -> Callable[[Path], list[str]]:
    def make(d: Path) -> list[str]:
        (d / file).unlink()
        return [f"{file}:1: -: file not found"]
    return make


def _no_default_measure(d: Path) -> list[str]:
    keep(d, "connectivity.csv", lambda r: r["metric"] != "pct_districts_meeting_100kbps")
    return ["connectivity.csv:1: metric: no rows for pct_districts_meeting_100kbps: the Connectivity page maps "
            "each of these measures and needs at least one row for each"]


def _counts_after_events(d: Path) -> list[str]:
    keep(d, "policy_counts.csv", lambda r: r["year"] == "2020")
    header, rows = read_rows(d / "policy_counts.csv")
    write_rows(d / "policy_counts.csv", header, [{**r, "year": "2026"} for r in rows])
    last = max(int(r["year"]) for r in read_rows(d / "state_policy_events.csv")[1])
    return [f"policy_counts.csv:2: year: the first edition (2026) is after the latest event in "
            f"state_policy_events.csv ({last}): the Policy map would have no year to show"]


def _tile_missing_state(d: Path) -> list[str]:
    keep(d, "tile_grid.csv", lambda r: r["state"] != "WY")
    return ["tile_grid.csv:1: state: no row for WY: every one of the 50 states and DC needs exactly one row"]


def _two_states_one_tile(d: Path) -> list[str]:
    header, rows = read_rows(d / "tile_grid.csv")
    ak = next(r for r in rows if r["state"] == "AK")
    line = edit(d, "tile_grid.csv", state("AL"), col=ak["col"], row=ak["row"])
    return [f"tile_grid.csv:{line}: col, row: AL is in the cell (col {ak['col']}, row {ak['row']}) that AK already "
            "holds (line 2): one state per tile"]


def _descriptor_not_json(d: Path) -> list[str]:
    text = (d / "datapackage.json").read_text(encoding="utf-8")
    (d / "datapackage.json").write_text(text[: len(text) // 2], encoding="utf-8")  # cut off mid-write
    return ["<descriptor>"]


def _descriptor_without_a_resource(d: Path) -> list[str]:
    raw = json.loads((d / "datapackage.json").read_text(encoding="utf-8"))
    raw["resources"] = [r for r in raw["resources"] if r["name"] != "regions"]
    (d / "datapackage.json").write_text(json.dumps(raw), encoding="utf-8")
    return ["datapackage.json:1: resources: does not describe regions, which the pages need"]


def _descriptor_bad_type(d: Path) -> list[str]:
    text = (d / "datapackage.json").read_text(encoding="utf-8")
    (d / "datapackage.json").write_text(text.replace('"type": "integer"', '"type": "int"', 1), encoding="utf-8")
    return ["datapackage.json:1: resource state_policy_events.year: type 'int' is not one of string, integer, number; "
            "no table can be checked without it"]


def _folder_named_csv(d: Path) -> list[str]:
    (d / "iln_members.csv").unlink()
    (d / "iln_members.csv").mkdir()
    return ["iln_members.csv:1: -: is a folder, not a file"]


def _stray_entries(d: Path) -> list[str]:
    (d / "notes.txt").write_text("analyst's notes", encoding="utf-8")
    (d / "regions (copy).csv").write_bytes((d / "regions.csv").read_bytes())
    (d / "archive.csv").mkdir()
    return []


def _unreadable(d: Path) -> list[str]:
    (d / "home_internet.csv").chmod(0)
    return ["home_internet.csv:1: -: cannot read the file: permission denied"]


def _national_percent(d: Path) -> list[str]:
    line = edit(d, "connectivity_national.csv", unit("percent"), value="140")
    return [f"connectivity_national.csv:{line}: value: 140 percent is above 100"]


def _national_negative_percent(d: Path) -> list[str]:
    line = edit(d, "connectivity_national.csv", unit("percent"), value="-5")
    return [f"connectivity_national.csv:{line}: value: -5 is below the minimum 0"]


def _pct_metric_other_unit(d: Path) -> list[str]:
    line = edit(d, "connectivity.csv", lambda r: r["metric"] == "pct_schools_fiber", unit="schools")
    return [f"connectivity.csv:{line}: unit: 'schools' does not fit the metric pct_schools_fiber (expected percent)"]


def _edition_sum_84(d: Path) -> list[str]:
    line = edit(d, "policy_counts.csv", lambda r: r["year"] == "2019" and r["category"] == "Advanced", count="51")
    return [f"policy_counts.csv:{line}: count: the 2019 edition's counts sum to 84 states; its four categories must "
            "hold the 50 states (DC is counted apart)"]


def _wrong_region(d: Path) -> list[str]:
    line = edit(d, "regions.csv", state("CA"), region="South")
    return [f"regions.csv:{line}: region: 'South' does not contain the division Pacific (it is in the West)"]


def _region_missing_state(d: Path) -> list[str]:
    keep(d, "regions.csv", lambda r: r["state"] != "VT")
    return ["regions.csv:1: state: no row for VT: every one of the 50 states and DC needs exactly one row"]


def _underscore_number(d: Path) -> list[str]:
    line = edit(d, "connectivity.csv", unit("percent"), value="9_9")
    return [f"connectivity.csv:{line}: value: '9_9' is not a plain decimal number (digits 0-9 and one '.', no exponent)"]


def _underscore_integer(d: Path) -> list[str]:
    line = edit(d, "tile_grid.csv", any_row, col="1_0")
    return [f"tile_grid.csv:{line}: col: '1_0' is not a whole number (digits 0-9 only)"]


def _arabic_indic_year(d: Path) -> list[str]:
    line = edit(d, "state_policy_events.csv", any_row, year="\u0662\u0660\u0661\u0665")
    return [f"state_policy_events.csv:{line}: year: '\u0662\u0660\u0661\u0665' is not a whole number (digits 0-9 only)"]


def _arabic_indic_date(d: Path) -> list[str]:
    line = edit(d, "sources.csv", lambda r: r["published"] != "", published="\u0662\u0660\u0661\u0665")
    return [f"sources.csv:{line}: published: '\u0662\u0660\u0661\u0665' does not have the expected form "
            "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"]


def _exponent_students(d: Path) -> list[str]:
    line = edit(d, "connectivity.csv", unit("students"), value="1e300")
    return [f"connectivity.csv:{line}: value: '1e300' is not a plain decimal number (digits 0-9 and one '.', no exponent)"]


def _implausible_students(d: Path) -> list[str]:
    line = edit(d, "connectivity.csv", unit("students"), value="1000000000000")
    return [f"connectivity.csv:{line}: value: 1000000000000 students is not plausible for one value (at most 100000000)"]


def _league_students(d: Path) -> list[str]:
    line = edit(d, "league_totals.csv", any_row, students="200000000")
    return [f"league_totals.csv:{line}: students: 200000000 is above the maximum 100000000"]


def _flag_value(d: Path) -> list[str]:
    line = edit(d, "connectivity.csv", unit("flag"), value="3")
    return [f"connectivity.csv:{line}: value: 3 is not a flag value (0 or 1)"]


def _text(char: str, message: str) -> Callable[[Path], list[str]]:
    def make(d: Path) -> list[str]:
        line = edit(d, "sources.csv", any_row, publisher=f"Aurora{char} Institute")
        return [f"sources.csv:{line}: publisher: {message}"]
    return make


def _shadow_library(d: Path) -> list[str]:
    line = edit(d, "sources.csv", any_row, url="https://libgen.is/book/index.php?md5=0")
    return [f"sources.csv:{line}: url: links to a shadow library or piracy site (libgen); cite the publisher's own "
            "copy (or another lawful host) instead"]


def _two_acs_periods(d: Path) -> list[str]:
    line = edit(d, "home_internet.csv", state("WY"), acs_period="2016-2020")
    first = read_rows(d / "home_internet.csv")[1][0]["acs_period"]
    return [f"home_internet.csv:{line}: acs_period: '2016-2020' differs from the period {first} of the first row"]


def _no_cohort_year(d: Path) -> list[str]:
    header, rows = read_rows(d / "league_members.csv")
    write_rows(d / "league_members.csv", header, [{**r, "cohort_year": ""} for r in rows])
    return ["league_members.csv:1: cohort_year: no row has a cohort year: the League map needs at least one "
            "dated membership"]


def _bom_and_crlf(d: Path) -> list[str]:
    for file in ("regions.csv", "sources.csv"):
        raw = (d / file).read_bytes()
        (d / file).write_bytes(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"))
    return []


def _padded_cells(d: Path) -> list[str]:
    header, rows = read_rows(d / "tile_grid.csv")
    write_rows(d / "tile_grid.csv", header, [{k: f" {v} " for k, v in r.items()} for r in rows])
    return []


def _blank_lines(d: Path) -> list[str]:
    path = d / "league_totals.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines[:3] + ["", ",,,,,,,,,"] + lines[3:]) + "\n\n", encoding="utf-8")
    return []


CASES: tuple[Case, ...] = (
    # issue 14: crashed with a traceback
    Case("integer-above-64-bits", "crash", _int64),
    Case("dangling-link-as-a-table", "crash", _dangling_table_link),
    Case("dangling-stray-csv-link", "crash", _dangling_stray_link),
    Case("policy-counts-missing", "crash", _missing("policy_counts.csv")),
    Case("league-totals-missing", "crash", _missing("league_totals.csv")),
    Case("no-rows-for-default-measure", "crash", _no_default_measure),
    Case("counts-after-last-event-year", "crash", _counts_after_events),
    Case("tile-grid-missing-a-state", "crash", _tile_missing_state),
    Case("two-states-one-tile", "crash", _two_states_one_tile),
    Case("descriptor-not-json", "crash", _descriptor_not_json, descriptor=True),
    Case("descriptor-without-a-resource", "crash", _descriptor_without_a_resource, descriptor=True),
    Case("descriptor-unknown-type", "crash", _descriptor_bad_type, descriptor=True),
    # issue 14: accepted and shown wrong
    Case("national-percent-140", "silent-wrong", _national_percent),
    Case("pct-metric-other-unit", "silent-wrong", _pct_metric_other_unit),
    Case("edition-sums-to-84", "silent-wrong", _edition_sum_84),
    Case("wrong-region", "silent-wrong", _wrong_region),
    Case("regions-missing-a-state", "silent-wrong", _region_missing_state),
    Case("underscore-in-number", "silent-wrong", _underscore_number),
    Case("arabic-indic-year", "silent-wrong", _arabic_indic_year),
    Case("exponent-students", "silent-wrong", _exponent_students),
    # what a data folder may hold
    Case("folder-named-csv", "folder", _folder_named_csv),
    Case("stray-files-and-folders", "folder", _stray_entries),
    Case("unreadable-file", "folder", _unreadable, unreadable="home_internet.csv"),
    Case("bom-and-crlf", "folder", _bom_and_crlf),
    Case("padded-cells", "folder", _padded_cells),
    Case("blank-lines", "folder", _blank_lines),
    # rules added with these
    Case("national-negative-percent", "rule", _national_negative_percent),
    Case("underscore-in-integer", "rule", _underscore_integer),
    Case("arabic-indic-date", "rule", _arabic_indic_date),
    Case("implausible-students", "rule", _implausible_students),
    Case("league-students-above-bound", "rule", _league_students),
    Case("flag-not-0-or-1", "rule", _flag_value),
    Case("control-character", "rule", _text("\x07", "contains the control character U+0007; remove it")),
    Case("bidi-override", "rule", _text("\u202e", "contains the invisible character U+202E (bidi control or "
                                                   "zero-width); remove it")),
    Case("zero-width-space", "rule", _text("\u200b", "contains the invisible character U+200B (bidi control or "
                                                      "zero-width); remove it")),
    Case("shadow-library-link", "rule", _shadow_library),
    Case("two-acs-periods", "rule", _two_acs_periods),
    Case("no-cohort-year-at-all", "rule", _no_cohort_year),
)
CASE_IDS = [c.id for c in CASES]
BY_ID = {c.id: c for c in CASES}
