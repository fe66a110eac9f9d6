"""Shareable links: a view's settings <-> the URL query string.

Every value read from a URL is checked against the allowed set before use; anything else is dropped with
a notice that never repeats the raw text (a link may be hostile), so no parameter reaches HTML, a file
path or an exception.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cbe_dash.states import STATE_CODES

_SAFE_NAME = re.compile(r"^[a-z_]{1,24}$")
MAX_LIST = 51


@dataclass(frozen=True)
class Param:
    """One URL setting: its name, allowed values (as strings), default, and whether it holds a list."""

    name: str
    allowed: tuple[str, ...]
    default: str | tuple[str, ...] | None = None
    many: bool = False
    max_items: int = MAX_LIST
    typed: tuple[object, ...] = ()  # the allowed values as the page uses them (e.g. int years), same order

    def parse(self, raw: str | Sequence[str]) -> tuple[str | tuple[str, ...] | None, bool]:
        """(value, ok); a list parameter keeps its valid items and reports not ok if any were dropped."""
        text = raw if isinstance(raw, str) else ",".join(raw)
        if not self.many:
            if text not in self.allowed:
                return None, False
            return (self.typed[self.allowed.index(text)] if self.typed else text), True
        items = [t.strip().upper() if self.allowed == STATE_CODES else t.strip() for t in text.split(",") if t.strip()]
        kept = tuple(dict.fromkeys(t for t in items if t in self.allowed))[: self.max_items]
        return kept, len(kept) == len(items)

    def encode(self, value: object) -> str | None:
        if value is None or value == () or value == self.default:
            return None
        text = ",".join(str(v) for v in value) if self.many else str(value)  # type: ignore[union-attr]
        return None if text == self.default else text


def choice(name: str, allowed: Iterable[object], default: object = None) -> Param:
    typed = tuple(allowed)
    return Param(name, tuple(str(a) for a in typed), None if default is None else str(default), typed=typed)


def states(name: str = "states", max_items: int = MAX_LIST) -> Param:
    return Param(name, STATE_CODES, (), many=True, max_items=max_items)


def flag(name: str) -> Param:
    return Param(name, ("0", "1"), "0")


def _unknown_notice(name: str) -> str:
    if _SAFE_NAME.match(name):
        return f"The link setting '{name}' is not used on this page and was ignored."
    return "A link setting this page does not use was ignored."


def read(params: Mapping[str, str | Sequence[str]], specs: Sequence[Param]) -> tuple[dict[str, object], list[str]]:
    """Valid settings found in ``params`` (only those present) and plain-text notices about the rest."""
    by_name = {p.name: p for p in specs}
    values: dict[str, object] = {}
    notices: list[str] = []
    for name, raw in params.items():
        spec = by_name.get(name)
        if spec is None:
            notices.append(_unknown_notice(name))
            continue
        value, ok = spec.parse(raw)
        if not ok:
            notices.append(f"Part of the link setting '{name}' was not an allowed value and was ignored.")
        if value is not None and value != ():
            values[name] = value
    return values, notices


def write(values: Mapping[str, object], specs: Sequence[Param]) -> dict[str, str]:
    """The query string for a view: defaults left out so links stay short."""
    out: dict[str, str] = {}
    for spec in specs:
        encoded = spec.encode(values.get(spec.name))
        if encoded is not None:
            out[spec.name] = encoded
    return out
