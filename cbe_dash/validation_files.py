"""Rules that need two tables, or a table and what the pages offer: each runs only on tables that
passed their own checks, and a problem withholds the table named first in the rule."""
from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from cbe_dash.schema import Package
from cbe_dash.validation_core import Problem

#: Connectivity measures the Connectivity page offers from connectivity.csv, the default first (its
#: order matches cbe_dash.maps.CONNECTIVITY_LAYERS; a test keeps them equal). A page cannot draw a
#: measure with no rows at all, so each needs at least one.
MAPPED_CONNECTIVITY_METRICS: tuple[str, ...] = (
    "pct_districts_meeting_100kbps", "pct_students_meeting_100kbps", "students_not_meeting_100kbps",
    "pct_schools_fiber", "schools_needing_fiber", "pct_districts_wifi_budget",
    "pct_districts_meeting_3usd_per_mbps", "median_cost_per_mbps", "pct_districts_meeting_1mbps",
)

Frames = Mapping[str, pd.DataFrame]


def foreign_key_problems(frames: Frames, package: Package) -> dict[str, list[Problem]]:
    """Problems per resource for references that do not resolve (e.g. a source_id missing from sources.csv)."""
    found: dict[str, list[Problem]] = {}
    for res in package.resources:
        frame = frames.get(res.name)
        for fk in res.foreign_keys:
            target = frames.get(fk.resource)
            if frame is None or target is None or fk.fields not in frame or fk.reference_field not in target:
                continue
            known = set(target[fk.reference_field].dropna())
            target_file = package.resource(fk.resource).path
            for line, value in frame[fk.fields].items():
                if not pd.isna(value) and value not in known:
                    found.setdefault(res.name, []).append(
                        Problem(res.path, int(line), fk.fields, f"'{value}' is not a {fk.reference_field} in {target_file}"))
    return found


def _policy_span_problems(frames: Frames, package: Package) -> dict[str, list[Problem]]:
    """The Policy map's years run from the first Snapshot edition to the latest policy event: never empty."""
    counts, events = frames.get("policy_counts"), frames.get("state_policy_events")
    if counts is None or events is None or counts["year"].dropna().empty or events["year"].dropna().empty:
        return {}
    first, last = int(counts["year"].min()), int(events["year"].max())
    if first <= last:
        return {}
    line = int(counts["year"].idxmin())
    events_file = package.resource("state_policy_events").path
    return {"policy_counts": [Problem(package.resource("policy_counts").path, line, "year",
                                      f"the first edition ({first}) is after the latest event in {events_file} "
                                      f"({last}): the Policy map would have no year to show")]}


def _mapped_metric_problems(frames: Frames, package: Package) -> dict[str, list[Problem]]:
    frame = frames.get("connectivity")
    if frame is None:
        return {}
    present = set(frame["metric"].dropna())
    missing = [m for m in MAPPED_CONNECTIVITY_METRICS if m not in present]
    if not missing:
        return {}
    return {"connectivity": [Problem(package.resource("connectivity").path, 1, "metric",
                                     f"no rows for {', '.join(missing)}: the Connectivity page maps "
                                     "each of these measures and needs at least one row for each")]}


CROSS_RULES: tuple[Callable[[Frames, Package], dict[str, list[Problem]]], ...] = (
    foreign_key_problems, _policy_span_problems, _mapped_metric_problems,
)


def cross_file_problems(frames: Frames, package: Package) -> dict[str, list[Problem]]:
    """Every cross-table problem, per resource it withholds."""
    found: dict[str, list[Problem]] = {}
    for rule in CROSS_RULES:
        for name, problems in rule(frames, package).items():
            found.setdefault(name, []).extend(problems)
    return found
