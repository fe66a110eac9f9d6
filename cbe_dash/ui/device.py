"""What the server can tell about the reader's screen: only whether the browser says it is a phone.

Python never learns the viewport's width; phone browsers (iOS Safari, Android Chrome and Firefox) put
"Mobi" in their User-Agent, which is what picks the phone layout of the maps (legend under the map, wrapped
title). A narrow desktop window keeps the page layout; CSS (ui/styles.py) still lets it reflow.
"""
from __future__ import annotations

import streamlit as st


def on_phone() -> bool:
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except Exception:  # no request context (AppTest, bare script run)
        return False
    return "Mobi" in agent
