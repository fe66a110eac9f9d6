"""Panels whose contents are built only while open: a year step then neither builds nor sends them.

Streamlit's expander and popover report whether they are open (`.open`) when they rerun on change; a
closed one holds nothing, so the map's rerun stays small (tables, citations and share links were most of
a step's messages) and a first visit loads no table code until someone asks for a table.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import streamlit as st

#: Every lazy panel's widget key starts so (its open state is `st.session_state[OPEN + name]`).
OPEN = "open."


def _open_for_link(key: str, params: Sequence[str]) -> None:
    """A link that sets a widget living inside the panel opens the panel, so the setting is seen."""
    if params and key not in st.session_state and any(p in st.query_params for p in params):
        st.session_state[key] = True


@contextmanager
def lazy_expander(label: str, *, key: str, icon: str | None = None, open_with: Sequence[str] = ()) -> Iterator[bool]:
    """`with lazy_expander(...) as is_open:` build the contents only `if is_open`."""
    key = OPEN + key
    _open_for_link(key, open_with)
    box = st.expander(label, key=key, icon=icon, on_change="rerun")
    with box:
        yield bool(box.open)


@contextmanager
def lazy_popover(label: str, *, key: str, icon: str | None = None) -> Iterator[bool]:
    """`with lazy_popover(...) as is_open:` build the contents only `if is_open`."""
    box = st.popover(label, key=OPEN + key, icon=icon, on_change="rerun")
    with box:
        yield bool(box.open)
