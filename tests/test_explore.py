"""The cross-dataset table: 51 rows for every year, NA kept, filters honest about gaps, and the three
example questions answered from the joins and checked against the underlying rows."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from cbe_dash import comparison_figures, explore, views
from cbe_dash.export import table_csv
from cbe_dash.palette import NO_DATA, SCALES
from cbe_dash.states import STATE_CODES, state_name

GAP = explore.THRESHOLDS["pct_districts_meeting_100kbps_lt_100"]
METRIC = "pct_districts_meeting_100kbps"


@pytest.fixture(scope="module")
def tables(ds) -> dict[int, pd.DataFrame]:
    return {year: explore.cross_table(ds, year) for year in explore.explore_years(ds)}


# --- independent readings of the raw rows (no explore code) ---------------------------------------------

def published(ds, metric: str, year: int) -> dict[str, tuple[float, int]]:
    """state -> (value, edition) of the latest edition <= year that published its own figure for the state."""
    rows = ds.connectivity
    rows = rows[(rows["metric"] == metric) & (rows["report_year"] == rows["data_year"])
                & (rows["report_year"] <= year) & rows["value"].notna()]
    latest = rows.sort_values("report_year").groupby("state").tail(1)
    return {r.state: (float(r.value), int(r.report_year)) for r in latest.itertuples()}


#: (state, field) -> [(year, value), ...] in year order, per Datasets object: the questions ask thousands of
#: (state, field, year) statuses, and filtering the frame for each one cost seconds.
_EVENT_HISTORIES: dict[int, tuple[object, dict[tuple[str, str], list[tuple[int, str]]]]] = {}


def event_histories(ds) -> dict[tuple[str, str], list[tuple[int, str]]]:
    cached = _EVENT_HISTORIES.get(id(ds))
    if cached is None or cached[0] is not ds:
        histories: dict[tuple[str, str], list[tuple[int, str]]] = {}
        for row in ds.state_policy.dropna(subset=["year"]).sort_values("year", kind="stable").itertuples():
            histories.setdefault((row.state, row.field), []).append((int(row.year), str(row.value)))
        cached = _EVENT_HISTORIES[id(ds)] = (ds, histories)
    return cached[1]


def status_from_events(ds, state: str, field: str, year: int) -> str | None:
    """The value of the state's latest event for `field` dated in or before `year` (None: no such event)."""
    if field == "snapshot_category" and year > int(ds.policy_counts["year"].max()):
        return None
    dated = [value for event_year, value in event_histories(ds).get((state, field), []) if event_year <= year]
    return dated[-1] if dated else None


def known_districts(ds, year: int) -> dict[str, int]:
    rows = ds.league[ds.league["cohort_year"].notna() & (ds.league["cohort_year"] <= year)]
    return rows.drop_duplicates("district").groupby("state").size().to_dict()


# --- the join -------------------------------------------------------------------------------------------

def test_every_explore_year_has_exactly_51_rows_one_per_state(ds, tables):
    assert explore.explore_years(ds) == views.policy_years(ds)
    for year, table in tables.items():
        assert len(table) == 51, year
        assert table["state"].is_unique
        assert set(table["state"]) == set(STATE_CODES)
        assert table["name"].tolist() == [state_name(s) for s in table["state"]]


def test_table_has_every_indicator_column(tables):
    table = next(iter(tables.values()))
    for column in ["state", "name", "region", "division", "credit_policy", "diploma_policy", "snapshot_category",
                   "league_districts", "iln_member", "pct_districts_meeting_100kbps",
                   "pct_districts_meeting_100kbps_year", "students_not_meeting_100kbps",
                   "students_not_meeting_100kbps_year", "pct_households_no_internet", "sources"]:
        assert column in table.columns, column


def test_regions_come_from_the_regions_table(ds, tables):
    regions = ds.regions.set_index("state")
    for table in tables.values():
        indexed = table.set_index("state")
        assert (indexed["region"] == regions.loc[indexed.index, "region"]).all()
        assert (indexed["division"] == regions.loc[indexed.index, "division"]).all()


def test_policy_league_and_home_internet_match_their_views(ds, tables):
    home = views.home_internet_by_state(ds).set_index("state")["pct_households_no_internet"]
    for year, table in tables.items():
        indexed = table.set_index("state")
        status = views.policy_status(ds, year).set_index("state")
        for field in views.POLICY_FIELDS:
            pd.testing.assert_series_equal(indexed[field], status.loc[indexed.index, field].astype("string"),
                                           check_names=False)
        league = views.league_by_state(ds, year).set_index("state")["districts"]
        assert indexed["league_districts"].tolist() == league.loc[indexed.index].tolist()
        assert indexed["pct_households_no_internet"].astype(float).tolist() == home.loc[indexed.index].tolist()


@pytest.mark.parametrize("metric", explore.CONNECTIVITY_COLUMNS)
def test_connectivity_is_the_latest_edition_that_published_the_state(ds, tables, metric):
    for year, table in tables.items():
        expected = published(ds, metric, year)
        indexed = table.set_index("state")
        for state in STATE_CODES:
            value, edition = indexed.loc[state, metric], indexed.loc[state, f"{metric}_year"]
            if state in expected:
                assert (float(value), int(edition)) == expected[state], (year, state)
            else:  # never published up to this year: stays NA, not 0
                assert pd.isna(value) and pd.isna(edition), (year, state)


def test_a_state_with_no_published_connectivity_value_stays_na_not_zero(ds, tables):
    year = max(tables)
    unpublished = set(STATE_CODES) - set(published(ds, METRIC, year))
    assert unpublished, "expected some state never published by State of the States"
    table = tables[year].set_index("state")
    assert table.loc[sorted(unpublished), METRIC].isna().all()
    shown = explore.shown_table(tables[year]).set_index("state")
    assert shown.loc[sorted(unpublished), METRIC].isna().all()  # shown empty, never 0


def test_before_the_first_edition_connectivity_is_unknown(ds, tables):
    first = min(views.connectivity_years(ds, METRIC))
    for year, table in tables.items():
        if year < first:
            assert table[METRIC].isna().all()


def test_iln_role_is_the_latest_dated_list_naming_the_state(ds, tables):
    dated = ds.iln[ds.iln["as_of"].notna()]
    for year, table in tables.items():
        rows = dated[dated["as_of"].str[:4].astype(int) <= year]
        latest = rows.sort_values("as_of").groupby("state").tail(1).set_index("state")
        indexed = table.set_index("state")
        for state in STATE_CODES:
            if state in latest.index:
                assert indexed.loc[state, "iln_member"] == latest.loc[state, "role"]
                assert indexed.loc[state, "iln_member_as_of"] == latest.loc[state, "as_of"]
            else:  # not named on any dated list so far: unknown, not "no"
                assert pd.isna(indexed.loc[state, "iln_member"])


def test_states_named_only_on_undated_lists_stay_unknown(ds, tables):
    dated = set(ds.iln[ds.iln["as_of"].notna()]["state"])
    undated_only = set(ds.iln[ds.iln["as_of"].isna()]["state"]) - dated
    for state in undated_only:
        for table in tables.values():
            assert pd.isna(table.set_index("state").loc[state, "iln_member"])


def test_every_row_names_its_sources(tables):
    for table in tables.values():
        assert table["sources"].notna().all()


# --- filters and the summary sentence -------------------------------------------------------------------

def test_no_filter_keeps_all_51_and_says_so(tables):
    table = tables[max(tables)]
    filters = explore.Filters()
    assert not filters.active
    assert len(explore.apply_filters(table, filters)) == 51
    assert explore.summary(table, table, filters).startswith("No filter set: all 51 states")


def test_region_and_division_filters(ds, tables):
    table = tables[max(tables)]
    west = explore.apply_filters(table, explore.Filters(regions=("West",)))
    assert set(west["state"]) == set(ds.regions.query("region == 'West'")["state"])
    both = explore.apply_filters(table, explore.Filters(regions=("West",), divisions=("Pacific", "New England")))
    assert set(both["state"]) == set(ds.regions.query("division == 'Pacific'")["state"])


def test_threshold_never_passes_a_missing_value_and_the_summary_counts_it(ds, tables):
    year = max(tables)
    table = tables[year]
    filters = explore.Filters(threshold=GAP)
    result = explore.apply_filters(table, filters)
    expected = {s for s, (v, _) in published(ds, METRIC, year).items() if v < 100}
    assert set(result["state"]) == expected
    missing = 51 - len(published(ds, METRIC, year))
    text = explore.summary(result, table, filters)
    assert text.startswith(f"{len(expected)} states match: ")
    assert f"({missing} more states have no published connectivity value)" in text
    names = sorted(result["name"])
    for name in names[:20]:
        assert name in text
    if len(names) > 20:
        assert f" and {len(names) - 20} more (" in text


def test_missing_counts_only_states_that_pass_the_other_filters(ds, tables):
    year = max(tables)
    table = tables[year]
    filters = explore.Filters(regions=("Northeast",), threshold=GAP)
    northeast = set(ds.regions.query("region == 'Northeast'")["state"])
    missing = len(northeast - set(published(ds, METRIC, year)))
    counts = explore.unknown_counts(table, filters)
    assert counts.get("threshold", 0) == missing


def test_policy_filter_excludes_unknown_unless_no_data_is_chosen(tables):
    table = tables[2016]
    known_none = explore.apply_filters(table, explore.Filters(diploma_policy=("none",)))
    assert (known_none["diploma_policy"] == "none").all()
    with_unknown = explore.apply_filters(table, explore.Filters(diploma_policy=("none", NO_DATA)))
    assert len(with_unknown) == len(known_none) + int(table["diploma_policy"].isna().sum())
    text = explore.summary(known_none, table, explore.Filters(diploma_policy=("none",)))
    unknown = int(table["diploma_policy"].isna().sum())
    if unknown:
        assert f"{unknown} more states have no known mastery-based diploma status" in text


def test_league_presence_filter(tables):
    table = tables[2016]
    with_ = explore.apply_filters(table, explore.Filters(league="with"))
    without = explore.apply_filters(table, explore.Filters(league="without"))
    assert (with_["league_districts"] >= 1).all() and (without["league_districts"] == 0).all()
    assert len(with_) + len(without) == 51
    with pytest.raises(ValueError):
        explore.Filters(league="maybe")


def test_states_filter_and_singular_summary(tables):
    table = tables[2016]
    filters = explore.Filters(states=("KY",))
    result = explore.apply_filters(table, filters)
    assert result["state"].tolist() == ["KY"]
    assert explore.summary(result, table, filters) == "1 state matches: Kentucky."
    nothing = explore.Filters(states=("KY",), regions=("West",))
    assert explore.summary(explore.apply_filters(table, nothing), table, nothing) == "No state matches."


def test_every_offered_threshold_has_a_label_and_a_safe_key():
    for key, threshold in explore.THRESHOLDS.items():
        assert key == threshold.key and key.replace("_", "").isalnum()
        assert threshold.label()


def test_download_is_the_shown_table_header_first(ds, tables):
    shown = explore.shown_table(tables[2018])
    back = pd.read_csv(io.BytesIO(table_csv(shown)), keep_default_na=False, na_values=[""])
    assert list(back.columns) == list(shown.columns)
    assert len(back) == 51
    assert back[METRIC].isna().tolist() == shown[METRIC].isna().tolist()
    assert (back["credit_policy"] == shown["credit_policy"].astype(str)).all()


# --- the three example questions ------------------------------------------------------------------------

def test_question_advanced_policy_with_connectivity_gaps(ds, tables):
    """"Which states with advanced CBE policy still had connectivity gaps?" Advanced = the Snapshot map's
    top category (or, for years after the map ended, credit for mastery required); gap = fewer than 100%
    of districts meeting 100 kbps in the latest edition that published the state."""
    answered = 0
    for year, table in tables.items():
        for field, level in (("snapshot_category", "Advanced"), ("credit_policy", "required")):
            filters = explore.Filters(threshold=GAP, **{field: (level,)})
            answer = set(explore.apply_filters(table, filters)["state"])
            gaps = published(ds, METRIC, year)
            expected = {s for s in STATE_CODES if status_from_events(ds, s, field, year) == level
                        and s in gaps and gaps[s][0] < 100}
            assert answer == expected, (year, field)
            advanced_unpublished = {s for s in STATE_CODES if status_from_events(ds, s, field, year) == level
                                    and s not in gaps}
            assert explore.unknown_counts(table, filters).get("threshold", 0) == len(advanced_unpublished)
            answered += bool(answer)
    assert answered, "the question should have an answer in at least one year"


def test_question_league_districts_but_no_mastery_diploma(ds, tables):
    """"Where does the League have districts but the state has no mastery-based diploma?" No diploma =
    status 'none' (an unknown status is not 'none': those states are counted, not listed)."""
    answered = 0
    for year, table in tables.items():
        filters = explore.Filters(league="with", diploma_policy=("none",))
        answer = set(explore.apply_filters(table, filters)["state"])
        districts = known_districts(ds, year)
        expected = {s for s in STATE_CODES if districts.get(s, 0) >= 1
                    and status_from_events(ds, s, "diploma_policy", year) == "none"}
        assert answer == expected, year
        unknown = {s for s in STATE_CODES if districts.get(s, 0) >= 1
                   and status_from_events(ds, s, "diploma_policy", year) is None}
        assert explore.unknown_counts(table, filters).get("diploma_policy", 0) == len(unknown)
        answered += bool(answer)
    assert answered


def test_question_how_has_kentucky_moved_since_2012(ds, tables):
    """"How has Kentucky moved since 2012?" Each year's KY row (and the Compare chart built from the
    history) follows Kentucky's own dated policy events; League and connectivity follow their rows."""
    years = [y for y in tables if y >= 2012]
    history = explore.policy_history(ds, ["KY"], years)
    for year in years:
        row = tables[year].set_index("state").loc["KY"]
        for field in views.POLICY_FIELDS:
            expected = status_from_events(ds, "KY", field, year)
            got = None if pd.isna(row[field]) else str(row[field])
            assert got == expected, (year, field)
            hist = history[(history["year"] == year) & (history["field"] == field)]["value"].iloc[0]
            assert (None if pd.isna(hist) else str(hist)) == expected
        assert row["league_districts"] == known_districts(ds, year).get("KY", 0)
    moves = [(y, str(tables[y].set_index("state").loc["KY", "credit_policy"])) for y in years]
    changes = [b for a, b in zip(moves, moves[1:]) if a[1] != b[1]]
    ky_events = ds.state_policy[(ds.state_policy["state"] == "KY") & (ds.state_policy["year"] >= 2012)]
    assert len(ky_events) > 0
    assert changes or ky_events["field"].ne("credit_policy").any()


# --- compare helpers and figures ------------------------------------------------------------------------

def test_compare_table_is_one_column_per_state_with_words_for_gaps(ds, tables):
    table = explore.compare_table(ds, tables[2018], ["KY", "NH"])
    assert list(table.columns) == ["indicator", "Kentucky", "New Hampshire"]
    assert table.notna().all().all()
    unpublished = set(STATE_CODES) - set(published(ds, METRIC, 2018))
    state = sorted(unpublished)[0]
    row = explore.compare_table(ds, tables[2018], [state, "KY"])
    label = explore.indicators(ds)[METRIC].label
    assert row.set_index("indicator").loc[label, state_name(state)] == "not published"


def test_facts_table_puts_states_side_by_side(ds):
    facts = explore.facts_table(ds, ["KY", "NH", "VT"])
    assert list(facts.columns) == ["fact", "Kentucky", "New Hampshire", "Vermont"]
    assert len(facts) >= 3


def test_policy_chart_draws_unknown_as_a_gap_not_the_lowest_level(ds):
    years = explore.explore_years(ds)
    states = ["KY", "NH", "DC"]
    history = explore.policy_history(ds, states, years)
    scale = SCALES["diploma_policy"]
    fig, caption = comparison_figures.policy_steps(history, "diploma_policy", scale, states,
                                                   title="Mastery-based diploma over time", source_line="Source: test")
    for trace, state in zip(fig.data[:3], states):
        for year, y in zip(trace.x, trace.y):
            status = status_from_events(ds, state, "diploma_policy", year)
            assert y == (None if status is None else scale.categories.index(status)), (state, year)
    assert fig.layout.title.text == "Mastery-based diploma over time"
    assert any("Source: test" in a.text for a in fig.layout.annotations)
    assert list(fig.layout.yaxis.ticktext) == list(scale.categories)
    never = [s for s in states if history[(history["state"] == s) & (history["field"] == "diploma_policy")]["value"]
             .isna().all()]
    for state in never:
        assert state_name(state) in caption


def test_connectivity_chart_marks_only_published_editions(ds):
    states = ["KY", "NH", "CO"]
    editions = views.connectivity_years(ds, METRIC)
    fig, caption = comparison_figures.connectivity_points(
        explore.connectivity_history(ds, states, METRIC), states, editions, unit="% of districts",
        title="t", source_line="Source: test")
    for trace, state in zip(fig.data, states):
        expected = ds.connectivity[(ds.connectivity["state"] == state) & (ds.connectivity["metric"] == METRIC)
                                   & (ds.connectivity["report_year"] == ds.connectivity["data_year"])]
        expected = expected.sort_values("report_year")
        assert list(trace.x) == expected["report_year"].astype(int).tolist()
        assert list(trace.y) == expected["value"].astype(float).tolist()
        if expected.empty:
            assert state_name(state) in caption


def test_indicator_chart_orders_categories_by_the_palette_and_lists_missing(ds, tables):
    meta = explore.indicators(ds)
    table = tables[2018]
    fig, caption = comparison_figures.indicator_chart(table, meta["credit_policy"], meta[METRIC],
                                                      title="t", source_line="Source: test")
    assert list(fig.layout.xaxis.ticktext) == list(SCALES["credit_policy"].categories)
    missing = table[table["credit_policy"].isna() | table[METRIC].isna()]
    assert len(fig.data[0].x) == 51 - len(missing)
    for name in missing["name"]:
        assert name in caption
    for x, code in zip(fig.data[0].x, fig.data[0].text):
        status = table.set_index("state").loc[code, "credit_policy"]
        assert round(x) == SCALES["credit_policy"].categories.index(status)


def test_compare_charts_refuse_more_than_six_states(ds):
    states = list(STATE_CODES[:7])
    with pytest.raises(ValueError):
        comparison_figures.league_lines(explore.league_history(ds, states), states, title="t", source_line="s")
