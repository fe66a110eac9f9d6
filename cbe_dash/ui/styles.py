"""The app's only CSS, in one place. It holds no data, only constant rules.

Streamlit element names it depends on (check them when upgrading Streamlit): stSidebar,
stSidebarCollapsedControl, stHeader, stToolbar, stDecoration, stMain, stMainBlockContainer and the
.block-container class.
"""
from __future__ import annotations

#: Presentation mode: hide Streamlit's chrome, enlarge type.
PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 1rem !important; max-width: 100% !important; }
[data-testid="stMain"] p, [data-testid="stMain"] label, [data-testid="stMain"] button { font-size: 1.5rem !important; }
</style>
"""
