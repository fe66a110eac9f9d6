"""The one sentence under each map that a presenter can read aloud, computed from the map's own frame.

Each sentence gives the headline, how many of the 51 it rests on, and the extremes (numbers) or the
change since the previous year (policy). Names and numbers always come from the data; nothing is typed in.
"""
from __future__ import annotations

import pandas as pd

from cbe_dash import maps, snapshot, views
from cbe_dash.data import Datasets
from cbe_dash.palette import SCALES
from cbe_dash.states import state_name

#: Measures where a low value is the worrying one (a share meeting a goal); for the others (counts still
#: short of a goal, costs, households offline) the highest value is named.
_LOW_IS_WORSE = {"percent_meeting"}


def _names(states: list[str]) -> str:
    names = [state_name(s) for s in sorted(states, key=state_name)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _in_sentence(label: str) -> str:
    """A layer's label inside a sentence: "mastery-based diploma", but "CBE credit policy" (an acronym)."""
    first = label.split(" ", 1)[0]
    return label if first.isupper() else label[:1].lower() + label[1:]


def _states(n: int) -> str:
    return f"{n} state{'' if n == 1 else 's'}"


def _most_common(frame: pd.DataFrame, scale_key: str) -> tuple[str, int]:
    """The category most known states fall in (the higher category on a tie)."""
    counts = frame["category"].dropna().value_counts()
    order = {c: i for i, c in enumerate(SCALES[scale_key].categories)}
    best = max(counts.index, key=lambda c: (int(counts[c]), order.get(c, -1)))
    return str(best), int(counts[best])


def policy(ds: Datasets, field: str, year: int, frame: pd.DataFrame | None = None) -> str:
    """E.g. "In 2019, CBE credit policy is known for 43 of 51 states; most (25) are "permitted"; since 2018,
    2 states changed status and 1 was first documented.

    `frame`: the map's frame (maps.policy_frame) when the caller already has it, so a year step builds it once.
    """
    frame = maps.policy_frame(ds, field, year) if frame is None else frame
    if field == "snapshot_category":  # per-state placements were published as images: the counts are the finding
        named = maps.known_count(frame)
        return snapshot.snapshot_counts_line(ds, year) + f" Sources name the category of {named} of 51 states here."
    label = _in_sentence(maps.POLICY_LAYERS[field].label)
    known = maps.known_count(frame)
    if known == 0:
        return f"In {year}, no source gives any state's {label}."
    category, count = _most_common(frame, maps.POLICY_LAYERS[field].scale_key)
    share = f"most ({count}) are \"{category}\"" if count * 2 > known else \
        f"the most common status is \"{category}\" ({count})"
    thin = ": not a national picture" if maps.is_thin(frame) else ""
    text = f"In {year}, {label} is known for {known} of 51 states{thin}; {share}"
    years = views.policy_years(ds)
    if year - 1 in years:
        moves = views.policy_transitions(ds, field, year - 1, year)["kind"].value_counts()
        changed, first = int(moves.get(views.CHANGED, 0)), int(moves.get(views.FIRST_DOCUMENTED, 0))
        parts = [f"{_states(changed)} changed status" if changed else "no state changed status"]
        if first:
            parts.append(f"{_states(first)} {'was' if first == 1 else 'were'} first documented")
        text += f"; since {year - 1}, " + " and ".join(parts)
    return text + "."


def league(ds: Datasets, year: int, frame: pd.DataFrame | None = None) -> str:
    """E.g. "In fall 2016, sources name 70 of the League's 87 districts, in 28 states; California had the
    most (9)." `frame`: the map's frame (maps.league_frame) when the caller already has it."""
    frame = maps.league_frame(ds, year) if frame is None else frame
    members = views.league_members_by(ds, year)
    total = views.league_total(ds, year)
    with_any = frame[frame["value"] > 0]
    base = (f"of the League's {total.districts_text} districts" if total else
            "districts (the League published no size for this year)")
    text = f"In fall {year}, sources name {len(members)} {base}, in {_states(len(with_any))}"
    if not with_any.empty:
        top = with_any["value"].max()
        leaders = with_any.loc[with_any["value"] == top, "state"].tolist()
        each = " each" if len(leaders) > 1 else ""
        text += f"; {_names(leaders)} had the most ({int(top)}{each})"
    return text + "."


def connectivity(ds: Datasets, metric: str, year: int, frame: pd.DataFrame | None = None) -> str:
    """E.g. "In 2015, 31 states published a figure; the most common range was 75-89.9% of districts (14
    states); Alaska was lowest at 42% of districts." `frame`: the map's frame when the caller has it."""
    layer = maps.CONNECTIVITY_LAYERS[metric]
    frame = maps.connectivity_frame(ds, metric, year) if frame is None else frame
    known = maps.known_count(frame)
    when = str(ds.home_internet["acs_period"].iloc[0]) if metric == "home_internet" else str(year)
    if known == 0:
        return f"In {when}, no state has a published figure for this measure."
    released = int(frame["marked"].sum())
    text = f"In {when}, {_states(known)} {'has' if known == 1 else 'have'} a published figure"
    if released:
        text += f" ({'all' if released == known else released} from releases or lists, not a national table)"
    if maps.is_thin(frame):
        text += ": not a national picture"
    category, count = _most_common(frame, layer.scale_key)
    unit = layer.unit[1:] if layer.unit.startswith("%") else (
        " per Mbps per month" if layer.unit.startswith("USD") else f" {layer.unit}")
    band = category[0].lower() + category[1:] if category.startswith("Under") else category
    if known >= 3:
        text += f"; the largest group ({_states(count)}) was at {band}{unit}"
    low = layer.scale_key in _LOW_IS_WORSE
    values = frame.dropna(subset=["value"])
    edge = values["value"].min() if low else values["value"].max()
    who = values.loc[values["value"] == edge, "state"].tolist()
    if known >= 2 and len(who) <= 3:
        text += (f"; {_names(who)} {'was' if len(who) == 1 else 'were'} {'lowest' if low else 'highest'} at "
                 f"{maps.value_text(float(edge), None, layer.unit)}")
    return text + "."
