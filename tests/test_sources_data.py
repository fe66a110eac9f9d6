"""Every figure says what kind of publication it rests on, and a file that does not is refused."""
from __future__ import annotations

from urllib.parse import urlsplit

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


def test_every_source_says_what_kind_of_link_it_is(ds):
    words = allowed("sources", "kind")
    assert words == {"primary", "secondary", "copy"}
    assert ds.sources["kind"].notna().all()
    assert set(ds.sources["kind"]) <= words


def test_a_copy_names_the_site_that_hosts_it_and_only_a_copy_does(ds):
    copies = ds.sources[ds.sources["kind"] == "copy"]
    others = ds.sources[ds.sources["kind"] != "copy"]
    assert copies["host"].notna().all(), copies.loc[copies["host"].isna(), "source_id"].tolist()
    assert others["host"].isna().all(), others.loc[others["host"].notna(), "source_id"].tolist()


def test_the_host_named_for_a_copy_is_the_site_its_link_opens(ds):
    copies = ds.sources[ds.sources["kind"] == "copy"]
    assert not copies.empty
    for row in copies.itertuples():
        site = urlsplit(row.url).hostname or ""
        assert site == row.host or site.endswith("." + row.host), (row.source_id, site, row.host)


def test_a_copy_is_credited_to_its_original_publisher_not_the_host(ds):
    copies = ds.sources[ds.sources["kind"] == "copy"]
    for row in copies.itertuples():
        assert row.host.lower() not in row.publisher.lower(), row.source_id
        assert "copy on" not in row.publisher.lower(), row.source_id


def test_a_source_kind_outside_the_allowed_words_is_refused(data_copy):
    line, problems = problems_after_edit(data_copy, "sources.csv", "kind", "mirror")
    assert problems == [f"sources.csv:{line}: kind: 'mirror' is not an allowed value (primary, secondary, copy)"]


def test_a_source_without_kind_is_refused(data_copy):
    line, problems = problems_after_edit(data_copy, "sources.csv", "kind", "")
    assert problems == [f"sources.csv:{line}: kind: missing value (required)"]


def test_a_host_that_is_not_a_domain_is_refused(data_copy):
    line, problems = problems_after_edit(data_copy, "sources.csv", "host", "https://example.org/page")
    assert len(problems) == 1
    assert problems[0].startswith(f"sources.csv:{line}: host: 'https://example.org/page' does not have the expected form")


def test_a_copy_is_labelled_as_a_copy_wherever_its_source_is_named(ds):
    from cbe_dash.views import source_label
    copies = ds.sources[ds.sources["kind"] == "copy"]
    assert len(copies) > 0
    for row in copies.itertuples():
        assert source_label(ds, row.source_id).endswith(f"copy on {row.host}"), row.source_id
    primary = ds.sources[ds.sources["kind"] == "primary"].iloc[0]
    assert "copy on" not in source_label(ds, primary.source_id)
