"""Every figure says what kind of publication it rests on, and a file that does not is refused."""
from __future__ import annotations

from cbe_dash.data import PROJECT_DATA_DIR, load_available
from cbe_dash.schema import DESCRIPTOR, read_package
from tests.conftest import read_rows, write_rows

PACKAGE = read_package(PROJECT_DATA_DIR / DESCRIPTOR)


def allowed(resource: str, field: str) -> set[str]:
    """The words the descriptor allows in one column (the contract an edited copy is checked against)."""
    found = next(f for f in PACKAGE.resource(resource).fields if f.name == field)
    assert found.enum, f"{resource}.{field} has no allowed words"
    return set(found.enum)


def problems_after_edit(data_dir, file: str, column: str, value: str) -> tuple[int, list[str]]:
    """Set one cell of the first data row and return its line with the problems validation reports."""
    header, rows = read_rows(data_dir / file)
    rows[0][column] = value
    write_rows(data_dir / file, header, rows)
    return 2, [str(p) for p in load_available(data_dir).problems]


def test_every_connectivity_value_names_its_basis(ds):
    words = allowed("connectivity", "basis")
    assert {"national_report", "state_release"} <= words
    assert ds.connectivity["basis"].notna().all()
    assert set(ds.connectivity["basis"]) <= words


def test_only_the_state_of_the_states_table_is_national_report(ds):
    table = ds.connectivity[ds.connectivity["basis"] == "national_report"]
    publishers = ds.sources.set_index("source_id").loc[table["source_id"].unique(), "publisher"]
    assert not table.empty
    assert set(publishers) == {"EducationSuperHighway"}


def test_a_connectivity_row_without_basis_is_refused(data_copy):
    line, problems = problems_after_edit(data_copy, "connectivity.csv", "basis", "")
    assert problems == [f"connectivity.csv:{line}: basis: missing value (required)"]


def test_a_connectivity_basis_outside_the_allowed_words_is_refused(data_copy):
    line, problems = problems_after_edit(data_copy, "connectivity.csv", "basis", "press")
    assert len(problems) == 1
    assert problems[0].startswith(f"connectivity.csv:{line}: basis: 'press' is not an allowed value")
