"""Suggested citations: the original producers first, then CBE Dash, its data version and the access date.

Why: users of an aggregator tend to credit the aggregator; the numbers belong to the publishers that
produced them (Aurora Institute, Digital Promise, EducationSuperHighway, the Census Bureau, state
agencies). The producers named are derived from the sources a view actually used, ranked by how many of
its values each supports.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from cbe_dash.data import Datasets

#: How many producers a full citation names before "and N other publishers"; the short form names fewer.
NAMED = 5
NAMED_SHORT = 3
STATE_GOVERNMENT = "state agencies and legislatures"

#: Publisher names that end in a note about where a copy was found: the producer is the part before it.
_COPY_NOTE = re.compile(r"\s*\((?:copy|repost|reprint)\b[^)]*\)\s*$", re.IGNORECASE)
#: A state's own agencies, boards, legislatures and statute offices (grouped under STATE_GOVERNMENT).
_GOVERNMENT = re.compile(
    r"\b(Department of Education|Department of Public Instruction|State Board|Board of Education|Legislature|"
    r"General Assembly|Agency of Education|Revisor of Statutes|Secretary of State|Governor|Office of Superintendent|"
    r"Education Department|Department of Elementary and Secondary Education|State Senate|House of Representatives)\b")
#: Producers that are national bodies even though their name matches a word above.
_NOT_STATE = re.compile(r"\b(Council of Chief State School Officers|National Association of State Boards)\b")
_KIND_ORDER = {"primary": 0, "copy": 1, "secondary": 2}
#: One name per producer that publishes under several imprints (blogs, former names, reposts of its work).
_PRODUCERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Aurora Institute|CompetencyWorks|iNACOL"), "Aurora Institute"),
    (re.compile(r"EducationSuperHighway"), "EducationSuperHighway"),
    (re.compile(r"^Digital Promise"), "Digital Promise"),
    (re.compile(r"Census Bureau"), "U.S. Census Bureau"),
)
#: Compilations whose record names the statistical producer behind them: credit the producer, then the compiler.
COMPILED_FROM: dict[str, str] = {
    "oeps-acs-b28002-state": "U.S. Census Bureau, American Community Survey 2015-2019 (via GeoDa Center OEPS)",
}


def today() -> dt.date:
    """The access date: the day the user looks at or downloads the data (the server's local date)."""
    return dt.date.today()


def producer(publisher: str) -> str:
    """The producer behind a publisher name: "X (copy on Justia)" -> "X"; "CompetencyWorks (Aurora
    Institute)" -> "Aurora Institute"."""
    for pattern, name in _PRODUCERS:
        if pattern.search(publisher):
            return name
    return _COPY_NOTE.sub("", publisher).strip()


def is_state_government(name: str) -> bool:
    return bool(_GOVERNMENT.search(name)) and not _NOT_STATE.search(name)


@dataclass(frozen=True)
class Credit:
    """One producer as the citation names it, with the publication years of the sources used."""

    name: str
    years: tuple[int, ...]
    uses: int
    kind_rank: int = 0

    def text(self, with_years: bool = True) -> str:
        if not with_years or not self.years:
            return self.name
        if len(self.years) > 2:
            return f"{self.name} ({self.years[0]}-{self.years[-1]})"
        return f"{self.name} ({', '.join(str(y) for y in self.years)})"


def credits(ds: Datasets, source_ids: Iterable[object]) -> list[Credit]:
    """Producers behind the given source ids (one entry per value), most-used first; state agencies and
    legislatures grouped as one. With a `kind` column in sources.csv, primary sources rank before copies and
    copies before secondary reporting. Empty when sources.csv is unavailable."""
    if not ds.available("sources"):
        return []
    ids = [str(s) for s in source_ids if isinstance(s, str) and s]
    wanted = ds.sources[ds.sources["source_id"].isin(set(ids))].drop_duplicates("source_id")
    table = wanted.set_index("source_id")
    rows = table.to_dict("index")  # one lookup per id below; a map's ids repeat (51 rows, a few sources)
    uses: Counter[str] = Counter()
    years: dict[str, set[int]] = {}
    rank: dict[str, int] = {}
    for source_id in ids:
        row = rows.get(source_id)
        if row is None:
            continue
        name = COMPILED_FROM.get(source_id) or producer(str(row["publisher"]))
        name = STATE_GOVERNMENT if is_state_government(name) else name
        uses[name] += 1
        published = row["published"]
        if isinstance(published, str) and published[:4].isdigit():
            years.setdefault(name, set()).add(int(published[:4]))
        kind = row["kind"] if "kind" in table.columns else None
        rank[name] = min(rank.get(name, 9), _KIND_ORDER.get(kind, 0) if isinstance(kind, str) else 0)
    ordered = sorted(uses, key=lambda n: (rank[n], -uses[n], n))
    return [Credit(n, tuple(sorted(years.get(n, ()))), uses[n], rank[n]) for n in ordered]


def _producer_text(found: list[Credit], limit: int, with_years: bool) -> str:
    named = found[:limit]
    parts = []
    for c in named:
        if c.name == STATE_GOVERNMENT:
            count = c.uses
            parts.append(f"{STATE_GOVERNMENT} ({count} document{'s' if count != 1 else ''})" if with_years
                         else STATE_GOVERNMENT)
        else:  # the short form names the organisation only ("U.S. Census Bureau", not the survey)
            parts.append(c.text(with_years) if with_years else c.name.split(",")[0])
    parts = list(dict.fromkeys(parts))
    rest = len(found) - len(named)
    if rest:
        parts.append(f"{rest} other publisher{'s' if rest != 1 else ''}")
    return "; ".join(parts) if with_years else ", ".join(parts)


def citation(ds: Datasets, source_ids: Iterable[object], *, accessed: dt.date | None = None,
             title: str = "") -> str:
    """The full suggested citation, e.g. "Source: Aurora Institute (2019); Digital Promise (2016); compiled
    in CBE Dash (League coverage, fall 2016), data version 1.0.0+ab12cd34, accessed 2026-12-01."."""
    accessed = accessed or today()
    found = credits(ds, source_ids)
    producers = _producer_text(found, NAMED, True) if found else "the publishers listed in sources.csv"
    view = f" ({title})" if title else ""
    return (f"Source: {producers}; compiled in CBE Dash{view}, data version {ds.version}, "
            f"accessed {accessed.isoformat()}.")


def short_citation(ds: Datasets, source_ids: Iterable[object], *, accessed: dt.date | None = None) -> str:
    """The short form for inside a figure: a few producers without years, CBE Dash, version, access date."""
    found = credits(ds, source_ids)
    producers = _producer_text(found, NAMED_SHORT, False) if found else "publishers in sources.csv"
    return figure_source_line(producers, ds.version, accessed)


def figure_source_line(producers: str, version: str, accessed: dt.date | None = None) -> str:
    """The source line a figure carries inside it (so an exported PNG/SVG keeps its credit):
    "Source: <producers>; compiled in CBE Dash, data version X, accessed YYYY-MM-DD"."""
    accessed = accessed or today()
    return f"Source: {producers.rstrip('.')}; compiled in CBE Dash, data version {version}, accessed {accessed.isoformat()}"


def source_ids_in(frame: pd.DataFrame) -> list[str]:
    """Every source id a table carries, one per value, from its `source_id` and `*_source_id` columns."""
    columns = [c for c in frame.columns if c == "source_id" or str(c).endswith("_source_id")]
    return [v for c in columns for v in frame[c].dropna().astype(str) if v]
