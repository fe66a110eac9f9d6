"""The Snapshot layer's own figures: the Aurora Institute published per-state categories only as map images,
so its primary figure is the national counts by edition, with the few states a source names.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cbe_dash import views
from cbe_dash.data import Datasets
from cbe_dash.figures import counts_trend
from cbe_dash.maps import _source_line
from cbe_dash.palette import SCALES


def snapshot_named(ds: Datasets) -> dict[tuple[int, str], list[str]]:
    """(edition, category) -> the states a source names in it (DC included), for the counts chart."""
    rows = ds.state_policy[ds.state_policy["field"] == "snapshot_category"]
    out: dict[tuple[int, str], list[str]] = {}
    for (year, category), group in rows.groupby(["year", "value"]):
        out[(int(year), str(category))] = sorted(group["state"].astype(str))
    return out


def snapshot_figure(ds: Datasets, year: int) -> go.Figure:
    """The Snapshot layer's primary figure: the national counts each edition published (the per-state
    placements were published as map images, so sources name only a few states), edition in force outlined."""
    counts = views.snapshot_counts(ds)
    editions = counts[counts["year"] <= year]["year"]
    in_force = int(editions.max()) if not editions.empty and year <= views.last_snapshot_edition(ds) else None
    named = snapshot_named(ds)
    n_named = len({s for states in named.values() for s in states})
    subtitle = (f"Edition in force in {year}: {in_force} (outlined)" if in_force else
                f"No edition in force in {year}: the series ran {int(counts['year'].min())}-"
                f"{views.last_snapshot_edition(ds)}") + f". Sources name the category of only {n_named} states."
    return counts_trend(counts, SCALES["snapshot_category"], "Snapshot map: states per category, by edition",
                        _source_line("Aurora Institute (iNACOL) Snapshot map editions", ds), named=named,
                        highlight=in_force, subtitle=subtitle)


def snapshot_counts_line(ds: Datasets, year: int) -> str:
    """The national counts of the Snapshot edition in force: per-state categories were published only as images."""
    counts = views.snapshot_counts(ds)
    editions = counts[counts["year"] <= year]["year"]
    if editions.empty or year > views.last_snapshot_edition(ds):
        return "No Snapshot map edition is in force for this year (the series ran 2012-2020)."
    edition = int(editions.max())
    rows = counts[counts["year"] == edition].set_index("category")
    parts = []
    for category in reversed(SCALES["snapshot_category"].categories):
        if category not in rows.index:
            continue
        row = rows.loc[category]
        number = "an unstated number of" if pd.isna(row["count"]) else str(int(row["count"]))
        dc = f" ({row['dc']})" if isinstance(row["dc"], str) else ""
        parts.append(f"{number} {category}{dc}")
    return (f"The {edition} map edition counted " + ", ".join(parts)
            + " states; most per-state placements were published only as map images, so only a few states are shown.")
