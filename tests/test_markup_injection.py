"""No data string is ever markup: with Markdown, HTML, KaTeX and colour directives in every free-text field
of every table, every page still runs and no element that renders Markdown gets them unescaped."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.support.apptest import run_with_panels_open
from tests.markup_data import PAYLOAD, RAW_MARKUP, inject

#: Every page, opened so that it shows its data text (Compare needs two states, League the 2016 panel).
VIEWS = [("app.py", {}), ("pages/1_Policy.py", {"layer": "snapshot_category", "year": "2018"}),
         ("pages/2_League.py", {"year": "2016"}), ("pages/3_Connectivity.py", {}),
         ("pages/4_State_profile.py", {"state": "NH"}), ("pages/5_Compare.py", {"states": "KY,NH"}),
         ("pages/6_Explore.py", {}), ("pages/7_About_the_data.py", {})]
#: Elements whose text is shown as written (tables, code, plain text) or is not text (charts; and the map's
#: years for the browser, `bidi_component`: JSON handed to plotly.js like a chart's, never to Markdown).
PLAIN = {"text", "code", "arrow_data_frame", "arrow_table", "plotly_chart", "json", "exception", "html",
         "bidi_component"}


@pytest.fixture(scope="module")
def markup_data(tmp_path_factory) -> Iterator[str]:
    import shutil

    from cbe_dash.data import PROJECT_DATA_DIR

    target = tmp_path_factory.mktemp("markup") / "data"
    shutil.copytree(PROJECT_DATA_DIR, target)
    fields = inject(target)
    assert sum(len(f) for f in fields.values()) >= 10  # publisher, titles, notes, district names, ...
    yield str(target)


def rendered_strings(at: AppTest) -> list[str]:
    """Every string an element hands to Streamlit's Markdown renderer: bodies, labels, values, help, options."""
    found: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and getattr(node, "type", None) not in PLAIN:
            for field, value in proto.ListFields():
                if field.type == field.TYPE_STRING:
                    found.extend([value] if isinstance(value, str) else list(value))
                elif field.type == field.TYPE_MESSAGE and hasattr(value, "ListFields"):
                    found.extend(v for f, v in value.ListFields() if isinstance(v, str))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def test_data_markup_is_shown_escaped_on_every_page(markup_data, monkeypatch):
    monkeypatch.setenv("CBE_DASH_DATA_DIR", markup_data)
    plain_seen = 0
    for path, query in VIEWS:
        at = run_with_panels_open(str(ROOT / path), query)  # the tables, Download, Cite and Share too
        assert not at.exception, (path, [e.message for e in at.exception])
        assert not at.error, (path, [e.body for e in at.error])
        strings = rendered_strings(at)
        unescaped = [s for s in strings if any(raw in s for raw in RAW_MARKUP)]
        assert not unescaped, (path, unescaped)
        # Free text goes to plain elements: even escaped, a bare web address in Markdown becomes a link.
        assert not [s for s in strings if "example.org" in s or "example\\.org" in s], path
        plain_seen += sum(PAYLOAD.strip() in t.value for t in at.text)
    assert plain_seen >= 2  # the payload was shown, as typed, in plain-text source lines (League and others)
