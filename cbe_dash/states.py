"""The 51 jurisdictions CBE Dash maps: the 50 states and the District of Columbia.

`us.STATES` leaves DC out, so it is added here once and every other module asks this one.
"""
from __future__ import annotations

import us

_DC = us.states.lookup("DC")
_ALL = sorted([*us.STATES, _DC], key=lambda s: s.abbr)

#: USPS codes of the 50 states and DC, alphabetical by code.
STATE_CODES: tuple[str, ...] = tuple(s.abbr for s in _ALL)

#: USPS code -> full name ("DC" -> "District of Columbia").
STATE_NAMES: dict[str, str] = {s.abbr: s.name for s in _ALL}

#: USPS code -> two-digit FIPS code.
STATE_FIPS: dict[str, str] = {s.abbr: s.fips for s in _ALL}


def state_name(code: str) -> str:
    """Full name for a USPS code; the code itself when it is not one of the 51 (e.g. 'AE')."""
    return STATE_NAMES.get(code, code)
