"""Share a view: its link (with every setting in the query string) and, on map pages, an embed snippet.

Both are shown with st.code, whose copy icon puts the text on the clipboard in the browser; nothing here
renders HTML. The link is read after the page has written its settings into the URL, so it is current.
"""
from __future__ import annotations

import html
from urllib.parse import urlencode

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from cbe_dash.ui.lazy import lazy_popover

#: Query keys that belong to Streamlit's own display modes, not to the view.
_DISPLAY_KEYS = frozenset({"embed", "embed_options"})


def view_query(pairs: list[tuple[str, str]]) -> str:
    """The view's settings as a query string (commas kept readable); display-mode keys left out."""
    return urlencode([(k, v) for k, v in pairs if k not in _DISPLAY_KEYS], safe=",")


def view_link(base: str, pairs: list[tuple[str, str]]) -> str:
    query = view_query(pairs)
    return f"{base}?{query}" if query else base


def embed_snippet(base: str, pairs: list[tuple[str, str]], title: str) -> str:
    """An <iframe> showing only the view's map (presentation mode) in Streamlit's embed mode.

    Every value is URL-encoded and the attribute escaped, so a crafted link cannot inject markup into the
    snippet a user pastes into a web page.
    """
    settings = [(k, v) for k, v in pairs if k not in _DISPLAY_KEYS and k != "present"]
    src = f"{base}?{urlencode([*settings, ('present', '1'), ('embed', 'true')], safe=',')}"
    return (f'<iframe src="{html.escape(src, quote=True)}" title="{html.escape(title, quote=True)}" '
            'width="100%" height="640" style="border:0" loading="lazy"></iframe>')


def _current() -> tuple[str, list[tuple[str, str]]]:
    base = st.context.url or ""
    pairs = [(k, v) for k in st.query_params.keys() for v in st.query_params.get_all(k)]
    return base, pairs


def share_panel(slot: DeltaGenerator | None, *, embed: bool = False, title: str = "CBE Dash map") -> None:
    """Fill the slot a data_out bar left with a "Share" popover: copy link, and an embed snippet on map pages.

    Call it at the end of the page, after the page has synced its settings to the URL.
    """
    if slot is None:
        return
    base, pairs = _current()
    with slot.container():
        with lazy_popover("Share", icon=":material/share:", key="share.popover") as is_open:
            if is_open:
                _share_menu(base, pairs, embed, title)


def _share_menu(base: str, pairs: list[tuple[str, str]], embed: bool, title: str) -> None:
    """What the Share popover holds (built only while it is open)."""
    st.markdown("**Copy link**")
    st.code(view_link(base, pairs), language=None, wrap_lines=True)
    st.caption("The link reopens this view with the same settings. Use the copy icon at the right of "
               "the box." + ("" if base else " (Prefix the app's address.)"))
    if embed:
        st.markdown("**Embed this map**")
        st.code(embed_snippet(base, pairs, title), language="html", wrap_lines=True)
        st.caption("Paste into a web page or slide tool that accepts HTML: it shows the map alone "
                   "(presentation mode) in Streamlit's embed mode. The app must be reachable from there.")
