"""Links a source row may not point at: shadow libraries and piracy sites.

Why: CBE Dash cites public documents so that a policymaker who clicks a source lands on the publisher's
own copy. A shadow library hosts documents without the rights holder's permission, so linking to one is
never acceptable, whatever it holds (issue 11). The list names the well-known sites and their usual
mirrors by the words in their host names; it is deliberately small and plain rather than a downloaded
blocklist (the app runs offline), so extend it when a new mirror turns up.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd

from cbe_dash.schema import Resource
from cbe_dash.validation_core import Problem

#: Host-name labels that start with one of these words are shadow libraries (libgen.is, libgen.rs,
#: sci-hub.se, z-library.sk, zlibrary.cc, annas-archive.org, pdfdrive.com ...).
SHADOW_LIBRARY_PREFIXES: tuple[str, ...] = (
    "zlibrary", "z-library", "z-lib", "libgen", "library-genesis", "sci-hub", "scihub", "annas-archive",
    "pdfdrive",
)
#: Short labels matched exactly (as prefixes they would catch unrelated sites): Z-Library's older
#: domains (b-ok.org, 1lib.net, booksc.org, singlelogin.me) and Library Genesis's first host.
SHADOW_LIBRARY_LABELS: frozenset[str] = frozenset({"b-ok", "1lib", "booksc", "singlelogin"})


def shadow_library(url: str) -> str | None:
    """The listed site `url` points at, or None."""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if host == "gen.lib.rus.ec" or host.endswith(".gen.lib.rus.ec"):
        return "gen.lib.rus.ec"
    for label in host.split(".")[:-1]:  # the last label is the top-level domain
        if label in SHADOW_LIBRARY_LABELS:
            return label
        for prefix in SHADOW_LIBRARY_PREFIXES:
            if label.startswith(prefix):
                return prefix
    return None


def link_problems(frame: pd.DataFrame, res: Resource) -> list[Problem]:
    """Every URL field (named `url` or ending in `_url`) that points at a shadow library."""
    problems = []
    for name in res.field_names:
        if name != "url" and not name.endswith("_url"):
            continue
        for line, value in frame[name].items():
            if isinstance(value, str) and (site := shadow_library(value)):
                problems.append(Problem(res.path, int(line), name,
                                        f"links to a shadow library or piracy site ({site}); cite the publisher's "
                                        "own copy (or another lawful host) instead"))
    return problems
