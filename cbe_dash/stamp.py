"""The record of data files that already passed the schema checks, so the app need not repeat them.

Why: the pandera constraint checks cost about half a second on every cold start (mostly pandera's own
imports), and the shipped files change only when someone edits them. `data/validated.json` lists the
SHA-256 of each file that passed a full check, under a fingerprint of everything that decides the
verdict (the descriptor, the checking code, the pandera version). A file whose bytes match is known to
pass; any edited byte, or any change to the rules, means the full check runs again. The stamp is written
only by ``python -m cbe_dash validate --stamp`` after a check with no problem at all, and a test keeps the
committed stamp current, so it can speed the app up but never let a bad file through.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import MappingProxyType

STAMP_FILE = "validated.json"
#: The code whose behaviour decides a file's verdict; editing any of it invalidates every stamp.
_RULE_SOURCES = ("schema.py", "states.py", "validation*.py")


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def rules_fingerprint(descriptor: Path) -> str:
    """Changes whenever the descriptor, the checking code or the pandera release changes."""
    h = hashlib.sha256(descriptor.read_bytes())
    here = Path(__file__).resolve().parent
    for path in sorted({p for pattern in _RULE_SOURCES for p in here.glob(pattern)}):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    try:
        h.update(version("pandera").encode())
    except PackageNotFoundError:
        h.update(b"no pandera")
    return h.hexdigest()


@dataclass(frozen=True)
class KnownGood:
    """File digests that passed the full checks under `fingerprint`."""

    fingerprint: str
    files: Mapping[str, str] = field(default_factory=dict)

    def covers(self, path: str, raw: bytes, fingerprint: str) -> bool:
        """True only for exactly these bytes, checked under exactly the current rules."""
        return self.fingerprint == fingerprint and self.files.get(path) == digest(raw)


NOTHING_KNOWN = KnownGood(fingerprint="")


def read_stamp(path: Path) -> KnownGood:
    """The stamp at `path`; a missing or unreadable stamp just means every file gets the full check."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        files = {str(k): str(v) for k, v in raw["files"].items()}
        return KnownGood(str(raw["fingerprint"]), MappingProxyType(files))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return NOTHING_KNOWN


def stamp_text(fingerprint: str, files: Mapping[str, bytes]) -> str:
    """The JSON to write for files that have just passed every check."""
    record = {"fingerprint": fingerprint, "files": {name: digest(raw) for name, raw in sorted(files.items())}}
    return json.dumps(record, indent=2) + "\n"
