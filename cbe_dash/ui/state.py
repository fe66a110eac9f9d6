"""Session and URL state: settings kept across pages, a shared link's values, presentation mode.

Every value read from the URL goes through cbe_dash.urlstate, which checks it against the allowed set and
never echoes a rejected value.
"""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from cbe_dash import urlstate
from cbe_dash.states import STATE_CODES

SHARED_STATES = "shared_states"
SHARED_VIEW = "shared_view"


def presenting() -> bool:
    """Presentation mode: ?present=1 in the URL (the sidebar button writes it there too)."""
    return st.query_params.get("present") == "1"


def set_presenting(on: bool) -> None:
    if on:
        st.query_params["present"] = "1"
    elif "present" in st.query_params:
        del st.query_params["present"]


# --- settings kept across pages -------------------------------------------------------------------------

def kept(key: str, default: object = None) -> dict[str, object]:
    """Widget kwargs whose value survives page switches and is the same on every page that shows it.

    Streamlit drops the state of widgets not drawn on a page, and a page drawn earlier may still hold an
    old value; the remembered value is therefore put back before every draw.
    """
    store = f"_keep.{key}"
    if store in st.session_state:
        st.session_state[key] = st.session_state[store]
    elif key not in st.session_state and default is not None:
        st.session_state[key] = default
    return {"key": key, "on_change": _remember, "args": (key,)}


def _remember(key: str) -> None:
    st.session_state[f"_keep.{key}"] = st.session_state[key]


def set_value(key: str, value: object) -> None:
    """Set a widget's value before it is drawn (and remember it across pages)."""
    st.session_state[key] = value
    st.session_state[f"_keep.{key}"] = value


def widget_key(page_name: str, name: str) -> str:
    return f"{page_name}.{name}"


def shared_states() -> list[str]:
    """The shared state filter as last set on any page, also on a page that does not draw its picker."""
    value = st.session_state.get(f"_keep.{SHARED_STATES}", st.session_state.get(SHARED_STATES, []))
    return [s for s in (value or []) if s in STATE_CODES]


def current_view() -> str:
    return st.session_state.get(SHARED_VIEW) or st.session_state.get(f"_keep.{SHARED_VIEW}") or "map"


# --- URL ------------------------------------------------------------------------------------------------

#: Settings every page accepts: presentation mode.
GLOBAL_PARAMS: tuple[urlstate.Param, ...] = (urlstate.flag("present"),)


def bind_url(page_name: str, specs: Sequence[urlstate.Param]) -> list[str]:
    """Apply a link's settings to this page's widgets (when the URL changed), return notices."""
    specs = [*specs, *GLOBAL_PARAMS]
    raw = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    marker = f"_url_seen.{page_name}"
    flat = {k: ",".join(v) for k, v in raw.items()}
    if st.session_state.get(marker) == flat:
        return []
    st.session_state[marker] = flat
    values, notices = urlstate.read(raw, specs)
    for name, value in values.items():
        if name not in {p.name for p in GLOBAL_PARAMS}:
            set_value(_target_key(page_name, name), list(value) if isinstance(value, tuple) else value)
    return notices


def _target_key(page_name: str, name: str) -> str:
    return {"states": SHARED_STATES, "view": SHARED_VIEW}.get(name, widget_key(page_name, name))


def sync_url(page_name: str, specs: Sequence[urlstate.Param], values: dict[str, object]) -> None:
    """Write the current settings into the URL so a copied link reopens this view."""
    specs = [*specs, *GLOBAL_PARAMS]
    values = {**values, "present": "1" if presenting() else "0"}
    encoded = urlstate.write({k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}, specs)
    current = {k: st.query_params.get(k) for k in st.query_params.keys()}
    if current != encoded:
        st.query_params.from_dict(encoded)
    st.session_state[f"_url_seen.{page_name}"] = encoded
