"""A data copy whose every free-text field carries Markdown, HTML, KaTeX and colour directives.

A field keeps the payload only while the whole folder still passes validation, so the copy is data the app
accepts and shows: what a hostile or careless editor could put in a checked-in file.
"""
from __future__ import annotations

from pathlib import Path

from cbe_dash.data import PROJECT_DATA_DIR, load_available
from tests.conftest import read_rows, write_rows

#: Each would render as an image, a link, bold, a formula or red text if shown as Markdown or HTML.
PAYLOAD = " ![x](https://example.org/x.png) [t](https://example.org) <b>x</b> $x^2$ :red[x]"
#: What must never reach a Markdown-rendering element unescaped.
RAW_MARKUP = ("![x](", "[t](", "<b>", "$x^2$", ":red[")


def _keys(res) -> set[str]:
    """Fields other files refer to or that refer to other files (a payload there breaks the references)."""
    fields = {"source_id", "state"}
    for fk in res.foreign_keys or ():
        fields |= set(fk.get("fields", ()) if isinstance(fk, dict) else getattr(fk, "fields", ()))
    return fields


def inject(data_dir: Path) -> dict[str, list[str]]:
    """Append PAYLOAD to every non-empty value of every string field that stays valid; returns those fields."""
    package = load_available(PROJECT_DATA_DIR).package  # the shipped contract
    injected: dict[str, list[str]] = {}
    for res in package.resources:
        path = data_dir / res.path
        header, rows = read_rows(path)
        fields = [f.name for f in res.fields if f.type == "string" and f.name not in _keys(res) and f.name in header]
        for row in rows:
            for name in fields:
                if row[name]:
                    row[name] += PAYLOAD
        write_rows(path, header, rows)
        injected[res.path] = fields
    for _ in range(len(injected)):  # drop the payload from every field validation refuses, until all pass
        problems = load_available(data_dir, trust_stamp=False).problems
        if not problems:
            return injected
        for file, column in {(p.file, p.column) for p in problems}:
            _restore(data_dir, file, column, injected)
    raise AssertionError("the data copy with markup does not pass validation")


def _restore(data_dir: Path, file: str, column: str, injected: dict[str, list[str]]) -> None:
    if column not in injected.get(file, []):
        raise AssertionError(f"{file}: {column} fails validation without markup in it")
    path = data_dir / file
    header, rows = read_rows(path)
    for row in rows:
        row[column] = row[column].replace(PAYLOAD, "")
    write_rows(path, header, rows)
    injected[file].remove(column)
