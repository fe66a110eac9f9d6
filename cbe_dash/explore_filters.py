"""Explore's filters: which states a set of choices keeps, and the sentence that says so.

States whose value is unknown are counted apart for every filter, so "none" and "No data" never merge.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cbe_dash import views
from cbe_dash.explore import HOME_INTERNET, LEAGUE_COLUMN, LEAGUE_PRESENCE
from cbe_dash.maps import CONNECTIVITY_LAYERS
from cbe_dash.palette import NO_DATA


# --- filters --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Threshold:
    """A connectivity test such as "districts meeting 100 kbps under 100%"; ``op`` is "lt" or "ge"."""

    column: str
    op: str
    value: float

    @property
    def key(self) -> str:
        return f"{self.column}_{self.op}_{self.value:g}"

    def label(self) -> str:
        name = CONNECTIVITY_LAYERS["home_internet" if self.column == HOME_INTERNET else self.column].label
        percent = self.column.startswith("pct")
        number = f"{self.value:g}%" if percent else f"{self.value:,.0f}"
        return f"{name}: {'under' if self.op == 'lt' else 'at least'} {number}"

    def test(self, values: pd.Series) -> pd.Series:
        """True/False per value; NA where the value is NA (the caller decides, and counts those)."""
        numbers = pd.to_numeric(values, errors="coerce").astype("Float64")
        return numbers < self.value if self.op == "lt" else numbers >= self.value


#: The thresholds the page offers (a fixed set, so a link can name one safely).
THRESHOLDS: dict[str, Threshold] = {t.key: t for t in (
    *(Threshold("pct_districts_meeting_100kbps", "lt", v) for v in (100, 99, 95, 90, 75, 50)),
    *(Threshold("students_not_meeting_100kbps", "ge", v) for v in (1, 10_000, 100_000)),
    *(Threshold(HOME_INTERNET, "ge", v) for v in (10, 15, 20)),
)}


@dataclass(frozen=True)
class Filters:
    """What the analyst narrowed the table to. Empty tuples mean "no filter on this"; a policy filter may
    include NO_DATA to keep states whose status is unknown."""

    regions: tuple[str, ...] = ()
    divisions: tuple[str, ...] = ()
    credit_policy: tuple[str, ...] = ()
    diploma_policy: tuple[str, ...] = ()
    snapshot_category: tuple[str, ...] = ()
    league: str = "any"
    threshold: Threshold | None = None
    states: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.league not in LEAGUE_PRESENCE:
            raise ValueError(f"league must be one of {LEAGUE_PRESENCE}")

    @property
    def active(self) -> bool:
        return self != Filters()


def _masks(table: pd.DataFrame, filters: Filters) -> dict[str, tuple[pd.Series, pd.Series]]:
    """Per active filter: (passes, unknown). ``unknown`` marks rows excluded only for lack of a value."""
    none = pd.Series(False, index=table.index)
    masks: dict[str, tuple[pd.Series, pd.Series]] = {}
    if filters.regions:
        masks["region"] = (table["region"].isin(filters.regions).fillna(False).astype(bool), none)
    if filters.divisions:
        masks["division"] = (table["division"].isin(filters.divisions).fillna(False).astype(bool), none)
    for fld in views.POLICY_FIELDS:
        chosen = getattr(filters, fld)
        if chosen:
            values = table[fld]
            known = values.notna().astype(bool)
            passes = (values.isin(chosen).fillna(False).astype(bool) & known) | (~known & (NO_DATA in chosen))
            masks[fld] = (passes, ~known & (NO_DATA not in chosen))
    if filters.league != "any":
        count = table[LEAGUE_COLUMN]
        has = (count >= 1).fillna(False).astype(bool)
        masks[LEAGUE_COLUMN] = (has if filters.league == "with" else (count == 0).fillna(False).astype(bool),
                                count.isna().astype(bool))
    if filters.threshold is not None:
        result = filters.threshold.test(table[filters.threshold.column])
        masks["threshold"] = (result.fillna(False).astype(bool), result.isna().astype(bool))
    if filters.states:
        masks["states"] = (table["state"].isin(filters.states).astype(bool), none)
    return masks


def apply_filters(table: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Rows passing every filter. A state with no value never passes a test on that value (it is
    excluded, and ``summary`` counts it), except a policy filter that explicitly includes NO_DATA."""
    keep = pd.Series(True, index=table.index)
    for passes, _ in _masks(table, filters).values():
        keep &= passes
    return table[keep.to_numpy()].reset_index(drop=True)


def unknown_counts(table: pd.DataFrame, filters: Filters) -> dict[str, int]:
    """Per filter: states that pass every other filter but have no value to test on this one."""
    masks = _masks(table, filters)
    out: dict[str, int] = {}
    for name, (_, unknown) in masks.items():
        others = pd.Series(True, index=table.index)
        for other, (passes, _) in masks.items():
            if other != name:
                others &= passes
        count = int((others & unknown).sum())
        if count:
            out[name] = count
    return out


_POLICY_NAMES = {"credit_policy": "CBE credit policy", "diploma_policy": "mastery-based diploma",
                 "snapshot_category": "Snapshot category"}


def _unknown_phrase(name: str, count: int, filters: Filters) -> str:
    states = "state has" if count == 1 else "states have"
    if name == "threshold":
        return f"{count} more {states} no published connectivity value"
    if name in _POLICY_NAMES:
        return f"{count} more {states} no known {_POLICY_NAMES[name]} status"
    return f"{count} more {states} no value for {name.replace('_', ' ')}"


def summary(filtered: pd.DataFrame, total: pd.DataFrame, filters: Filters, *, max_names: int = 20) -> str:
    """Plain-language sentence for the current filter, e.g. "9 states match: Colorado, Idaho, ... (3 more
    states have no published connectivity value)". Built from state names and fixed labels only."""
    names = sorted(filtered["name"].dropna().astype(str))
    n = len(names)
    if not filters.active:
        head = f"No filter set: all {len(total)} states (DC included) are shown."
        return head
    if n == 0:
        head = "No state matches"
    else:
        listed = ", ".join(names[:max_names]) + (f" and {n - max_names} more" if n > max_names else "")
        head = f"{n} {'state matches' if n == 1 else 'states match'}: {listed}"
    extra = [_unknown_phrase(k, v, filters) for k, v in unknown_counts(total, filters).items()]
    return head + (f" ({'; '.join(extra)})" if extra else "") + "."


