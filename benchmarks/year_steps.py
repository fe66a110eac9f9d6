"""Year changes on open map pages, stepped in rounds: the redraw rows of bench.py.

Each page is open in its own browser context; each round presses an arrow key on every page's Year slider
once, in a rotating order, so drift in the machine's speed hits the app's pages, the floor and the
map-alone page alike (the cold starts in bench.py are interleaved for the same reason).
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.support.browser import (MAP_SHAPES, AppServer, OfflineBrowser, count_map_shapes, slider, wait_for_idle,
                                   wait_for_map)

PAGE_LOAD_TIMEOUT_MS = 90_000
REDRAW_TIMEOUT_MS = 30_000
#: How much of an error's text a result keeps (a playwright call log can run to pages).
ERROR_CHARS = 2000


def error_text(exc: BaseException) -> str:
    """An exception as recorded in the results: its type and message, cut to ERROR_CHARS."""
    return f"{type(exc).__name__}: {exc}"[:ERROR_CHARS]


def _next_key(thumb: Any, going_right: bool | None) -> tuple[str, bool]:
    """Sweep the year range back and forth, so most changes ask for a year not seen just before."""
    value, lo, hi = (int(thumb.get_attribute(a) or 0) for a in ("value", "min", "max"))
    if going_right is None:
        going_right = value < hi
    if going_right and value >= hi:
        going_right = False
    elif not going_right and value <= lo:
        going_right = True
    return ("ArrowRight" if going_right else "ArrowLeft"), going_right


@dataclass
class Stepper:
    """One map page open in its own context, stepped through its years by the Year slider's arrow keys."""

    page: Any
    redraw: list[float]
    done: list[float]
    going_right: bool | None = None
    ambiguous: int = 0
    error: str = ""

    def step(self) -> None:
        """ms from the arrow key to the map drawn again with the new year in its title, then to idle."""
        thumb = slider(self.page, "Year")
        key, self.going_right = _next_key(thumb, self.going_right)
        before = count_map_shapes(self.page)["titles"]
        thumb.focus()
        t0 = time.perf_counter()
        self.page.keyboard.press(key)
        new = thumb.get_attribute("aria-valuetext") or ""
        wait_for_map(self.page, MAP_SHAPES, REDRAW_TIMEOUT_MS, title=new)
        self.redraw.append((time.perf_counter() - t0) * 1000)
        self.ambiguous += any(new in t for t in before)
        wait_for_idle(self.page)  # the next change starts from a quiet app
        self.done.append((time.perf_counter() - t0) * 1000)

    def result(self, summary: Callable[[list[float]], dict[str, Any]]) -> dict[str, Any]:
        """The page's samples, each series condensed by `summary` (bench.py's median and spread)."""
        if self.error:
            return {"status": "error", "error": self.error}
        return {"status": "ok", "redraw_ms": summary(self.redraw), "rerun_done_ms": summary(self.done),
                "titles_already_matching": self.ambiguous}


def open_stepper(ob: OfflineBrowser, server: AppServer, path: str) -> Stepper:
    page = ob.new_page(isolated=True)
    page.goto(server.url + path)
    wait_for_map(page, MAP_SHAPES, PAGE_LOAD_TIMEOUT_MS)
    wait_for_idle(page)
    slider(page, "Year").wait_for(state="attached", timeout=10_000)
    return Stepper(page, [], [])


def interleaved_steps(steppers: dict[str, Stepper], changes: int,
                      summary: Callable[[list[float]], dict[str, Any]]) -> dict[str, Any]:
    """Each round steps every page once, in a rotating order, so drift in the machine's speed hits the
    app's pages and the floor alike (as the cold starts are interleaved). A page that fails is dropped from
    the rounds and its error recorded; the others go on."""
    labels = list(steppers)
    for round_no in range(changes):
        shift = round_no % len(labels)
        for label in labels[shift:] + labels[:shift]:
            stepper = steppers[label]
            if stepper.error:
                continue
            try:
                stepper.step()
            except Exception as exc:  # noqa: BLE001 - a result to report
                stepper.error = error_text(exc)
                print(f"  ! year changes {label}: {stepper.error.splitlines()[0][:300]}", file=sys.stderr)
    return {label: stepper.result(summary) for label, stepper in steppers.items()}
