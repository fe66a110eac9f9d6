"""Rules over one table's rows that a single field's constraint cannot state.

Each rule is something a page or figure relies on (a map needs every state once, a percent scale
needs values up to 100, a tile needs its own cell, ...). Breaking it withholds the table with a
`file:line: column: message` rather than letting a page crash or draw something false.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import pandas as pd

from cbe_dash.schema import Resource
from cbe_dash.states import STATE_CODES
from cbe_dash.validation_core import Problem, fmt
from cbe_dash.validation_links import link_problems

Rule = Callable[[pd.DataFrame, Resource], list[Problem]]

POLICY_WORDS: dict[str, tuple[str, ...]] = {
    "credit_policy": ("none", "limited", "permitted", "required"),
    "diploma_policy": ("none", "optional", "statewide"),
    "snapshot_category": ("Not Yet", "Emerging", "Developing", "Advanced"),
}

#: The Census Bureau's nine divisions, each inside one of its four regions.
DIVISION_REGION: dict[str, str] = {
    "New England": "Northeast", "Middle Atlantic": "Northeast",
    "East North Central": "Midwest", "West North Central": "Midwest",
    "South Atlantic": "South", "East South Central": "South", "West South Central": "South",
    "Mountain": "West", "Pacific": "West",
}

#: Largest plausible single value per unit (all are at least 0, which datapackage.json declares).
#: Generous ceilings that still catch a slip of several digits: the US has ~50 million public school
#: students, ~100,000 public schools and ~13,000 districts.
UNIT_CEILINGS: dict[str, float] = {
    "percent": 100, "students": 100_000_000, "teachers": 10_000_000, "schools": 200_000,
    "districts": 20_000, "states": 51, "governors": 200, "kbps": 10_000_000, "Mbps": 100_000,
    "USD": 1e12, "USD per year": 1e12, "USD per Mbps per month": 10_000, "flag": 1,
}

#: Metric-name prefix -> the units such a metric may have (maps and headlines read the prefix's meaning).
METRIC_PREFIX_UNITS: tuple[tuple[str, frozenset[str]], ...] = (
    ("pct_", frozenset({"percent"})),
    ("students_", frozenset({"students"})),
    ("teachers_", frozenset({"teachers"})),
    ("schools_", frozenset({"schools"})),
    ("districts_", frozenset({"districts"})),
    ("states_", frozenset({"states"})),
    ("governors_", frozenset({"governors"})),
    ("median_cost_per_mbps", frozenset({"USD per Mbps per month"})),
    ("median_kbps", frozenset({"kbps"})),
    ("top5_", frozenset({"flag"})),
)
#: A percent metric named for a threshold (`pct_..._below_90`) is a yes/no flag: "the state is below 90%".
_THRESHOLD_FLAG = re.compile(r"^pct_.*_(below|above)_[0-9]+$")


def _policy_word_problems(frame: pd.DataFrame, res: Resource) -> list[Problem]:
    problems = []
    for line, field, value in zip(frame.index, frame["field"], frame["value"]):
        words = POLICY_WORDS.get(field) if isinstance(field, str) else None
        if words and isinstance(value, str) and value not in words:
            problems.append(Problem(res.path, int(line), "value", f"'{value}' is not a {field} word ({', '.join(words)})"))
    return problems


def expected_units(metric: str) -> frozenset[str] | None:
    """The units a metric's name allows, or None when its name says nothing about its unit."""
    for prefix, units in METRIC_PREFIX_UNITS:
        if metric.startswith(prefix):
            return units | {"flag"} if _THRESHOLD_FLAG.match(metric) else units
    return None


def _unit_problems(frame: pd.DataFrame, res: Resource) -> list[Problem]:
    """Each value's unit fits its metric, and the value fits its unit (percent <= 100, flag 0 or 1, ...)."""
    problems = []
    for line, metric, unit, value in zip(frame.index, frame["metric"], frame["unit"], frame["value"]):
        allowed = expected_units(metric) if isinstance(metric, str) else None
        if allowed is not None and isinstance(unit, str) and unit not in allowed:
            problems.append(Problem(res.path, int(line), "unit",
                                    f"'{unit}' does not fit the metric {metric} (expected {' or '.join(sorted(allowed))})"))
        if pd.isna(value) or not isinstance(unit, str):
            continue
        ceiling = UNIT_CEILINGS.get(unit)
        if unit == "flag" and value not in (0, 1):
            problems.append(Problem(res.path, int(line), "value", f"{fmt(float(value))} is not a flag value (0 or 1)"))
        elif unit == "percent" and value > 100:
            problems.append(Problem(res.path, int(line), "value", f"{fmt(float(value))} percent is above 100"))
        elif ceiling is not None and value > ceiling:
            problems.append(Problem(res.path, int(line), "value",
                                    f"{fmt(float(value))} {unit} is not plausible for one value (at most {fmt(float(ceiling))})"))
    return problems


def _year_order_problems(frame: pd.DataFrame, res: Resource) -> list[Problem]:
    problems = []
    for line, report, data in zip(frame.index, frame["report_year"], frame["data_year"]):
        if not pd.isna(report) and not pd.isna(data) and data > report:
            problems.append(Problem(res.path, int(line), "data_year",
                                    f"{data} is after the report year {report}: a report cannot quote a later year"))
    return problems


def _every_state_problems(frame: pd.DataFrame, res: Resource) -> list[Problem]:
    """A table that places states (regions, tile grid) must place each of the 50 states and DC."""
    missing = [code for code in STATE_CODES if code not in set(frame["state"].dropna())]
    if not missing:
        return []
    return [Problem(res.path, 1, "state", f"no row for {', '.join(missing)}: every one of the 50 states and DC "
                                          "needs exactly one row")]


def _one_state_per_cell_problems(frame: pd.DataFrame, res: Resource) -> list[Problem]:
    problems = []
    taken: dict[tuple[int, int], tuple[str, int]] = {}
    for line, state, col, row in zip(frame.index, frame["state"], frame["col"], frame["row"]):
        if pd.isna(col) or pd.isna(row):
            continue
        cell = (int(col), int(row))
        if cell in taken:
            other, other_line = taken[cell]
            problems.append(Problem(res.path, int(line), "col, row",
                                    f"{state} is in the cell (col {cell[0]}, row {cell[1]}) that {other} already "
                                    f"holds (line {other_line}): one state per tile"))
        else:
            taken[cell] = (str(state), int(line))
    return problems


def _division_problems(frame: pd.DataFrame, res: Resource) -> list[Problem]:
    problems = []
    for line, state, region, division in zip(frame.index, frame["state"], frame["region"], frame["division"]):
        expected = DIVISION_REGION.get(division) if isinstance(division, str) else None
        if expected and isinstance(region, str) and region != expected:
            problems.append(Problem(res.path, int(line), "region",
                                    f"'{region}' does not contain the division {division} (it is in the {expected})"))
    return problems


def _edition_total_problems(frame: pd.DataFrame, res: Resource) -> list[Problem]:
    """A Snapshot edition places the 50 states (DC is counted apart, see the `dc` column)."""
    problems = []
    for year, edition in frame.groupby("year", sort=True):
        counts = edition["count"].dropna()
        total = int(counts.sum())
        complete = len(edition) == len(POLICY_WORDS["snapshot_category"]) and len(counts) == len(edition)
        first = int(edition.index.min())
        if complete and total != 50:
            problems.append(Problem(res.path, first, "count",
                                    f"the {year} edition's counts sum to {total} states; its four categories must "
                                    "hold the 50 states (DC is counted apart)"))
        elif not complete and total > 50:
            problems.append(Problem(res.path, first, "count",
                                    f"the {year} edition's counts sum to {total}, more than the 50 states"))
    return problems


def _one_period_problems(frame: pd.DataFrame, res: Resource) -> list[Problem]:
    """The home-internet map shows one ACS period; rows from two periods would be mixed on one map."""
    periods = frame["acs_period"].dropna()
    if periods.empty:
        return []
    first = periods.iloc[0]
    return [Problem(res.path, int(line), "acs_period", f"'{value}' differs from the period {first} of the first row")
            for line, value in periods.items() if value != first]


def _some_cohort_year_problems(frame: pd.DataFrame, res: Resource) -> list[Problem]:
    """The League map's years end at the latest known cohort: with none dated, it has no years to show."""
    if frame["cohort_year"].notna().any():
        return []
    return [Problem(res.path, 1, "cohort_year", "no row has a cohort year: the League map needs at least one "
                                                "dated membership")]


ROW_RULES: Mapping[str, tuple[Rule, ...]] = {
    "sources": (link_problems,),
    "state_policy_events": (_policy_word_problems,),
    "policy_counts": (_edition_total_problems,),
    "league_members": (_some_cohort_year_problems,),
    "connectivity": (_unit_problems, _year_order_problems),
    "connectivity_national": (_unit_problems,),
    "home_internet": (_one_period_problems,),
    "regions": (_every_state_problems, _division_problems),
    "tile_grid": (_every_state_problems, _one_state_per_cell_problems),
}
