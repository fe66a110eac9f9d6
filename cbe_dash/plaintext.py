"""Data text shown by an element that renders Markdown must show as typed, never as markup.

Streamlit renders Markdown (with KaTeX `$...$`, colour directives `:red[...]`, icons and emoji shortcodes) in
markdown, captions, headers, metric labels and values, widget labels and help. A source's publisher or a
note could hold `![x](https://...)`: an outside image (a request leaving the machine) or a link. Escaping
every character that can open a construct keeps the text exactly as written, except one: a bare web address
(`https://...`, `www....`) still becomes a link, as the renderer finds those after escapes are read. So this is
for text made of checked words, numbers and dates; free text (titles, publishers, notes, names) goes to a
plain-text element (st.text) or a table cell.
"""
from __future__ import annotations

import re

#: ASCII punctuation that can start or close a Markdown, HTML, KaTeX or Streamlit directive construct.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$:~&=\"'^%@/])")
_LINE_BREAKS = re.compile(r"[\r\n]+")


def escape_markdown(text: object) -> str:
    """The text with every markup character backslash-escaped (shown literally) and line breaks as spaces."""
    return _SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(text)))
