"""Data text shown by an element that renders Markdown must show as typed, never as markup.

Streamlit renders Markdown (with KaTeX `$...$`, colour directives `:red[...]`, icons and emoji shortcodes) in
markdown, captions, headers, metric labels and values, widget labels and help. A source's publisher or a
note could hold `![x](https://...)`: an outside image (a request leaving the machine) or a link. Escaping
every character that can open a construct keeps the text exactly as written.
"""
from __future__ import annotations

import re

#: ASCII punctuation that can start or close a Markdown, HTML, KaTeX or Streamlit directive construct.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$:~&=\"'^%@/])")
_LINE_BREAKS = re.compile(r"[\r\n]+")


def escape_markdown(text: object) -> str:
    """The text with every markup character backslash-escaped (shown literally) and line breaks as spaces."""
    return _SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(text)))
