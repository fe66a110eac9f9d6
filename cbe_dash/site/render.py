"""HTML from Jinja2 templates with autoescaping on, and JSON that is safe inside a <script> element.

Why both: data strings (district names, notes, source titles) go into pages as text, never as markup;
figure JSON goes into `<script type="application/json">`, where `</script>` or `<!--` inside a string
would end or change the element, so `<`, `>`, `&` and the JS line separators are written as \\u escapes
(JSON.parse reads them back as the same characters).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup
from plotly.io.json import to_json_plotly

TEMPLATES = Path(__file__).resolve().parent / "templates"

_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                ord("\u2028"): "\\u2028", ord("\u2029"): "\\u2029"}


def script_json(value: Any) -> Markup:
    """JSON for a <script type="application/json"> body: no character in it can close or alter the element."""
    text = to_json_plotly(value)  # plotly's encoder: numpy, pandas NA and dates as the app sends them
    return Markup(text.translate(_SCRIPT_SAFE))


def safe_href(url: object) -> str | None:
    """An http(s) URL fit for a link; None for anything else (javascript:, data:, relative or empty)."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in {"http", "https"} and parts.netloc else None


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Templates with autoescape on for every file (so .html and anything else escape alike)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["script_json"] = script_json
    env.filters["safe_href"] = safe_href
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
