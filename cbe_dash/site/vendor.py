"""The browser assets the static edition ships: plotly.js's geo bundle (checksum-verified) and the US outline.

Why verified: the bundle is committed as a file; a truncated or swapped copy would break every map or run
code nobody reviewed, so the builder refuses to write a site with a bundle whose SHA-256 differs from the
one recorded beside it (scripts/fetch_plotly_geo.sh writes both).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from cbe_dash.geo import topojson_path

VENDOR_DIR = Path(__file__).resolve().parent / "vendor"
PLOTLY_JS = VENDOR_DIR / "plotly-geo.min.js"
PLOTLY_SHA256 = VENDOR_DIR / "plotly-geo.min.js.sha256"
PLOTLY_LICENSE = VENDOR_DIR / "LICENSE-plotly.js.txt"
VERSION_FILE = VENDOR_DIR / "VERSION"  # "plotly.js-geo-dist-min 4.1.1"
#: plotly.js caches outlines under this name for scope "usa" at resolution 110 (its topojsonName).
TOPOLOGY_NAME = "usa_110m"


class ChecksumMismatch(RuntimeError):
    """The vendored plotly.js is not the file whose checksum the repository records."""


def recorded_sha256(record: Path | None = None) -> str:
    """The hex digest recorded in the `sha256sum` line beside the bundle."""
    return (record or PLOTLY_SHA256).read_text(encoding="utf-8").split()[0].strip().lower()


def verified_plotly_js(bundle: Path | None = None, record: Path | None = None) -> bytes:
    """The bundle's bytes, after checking them against the recorded SHA-256; raises ChecksumMismatch."""
    bundle, record = bundle or PLOTLY_JS, record or PLOTLY_SHA256
    data = bundle.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    expected = recorded_sha256(record)
    if actual != expected:
        raise ChecksumMismatch(f"{bundle} has SHA-256 {actual}, but {record} records {expected}: "
                               "refusing to build (re-run scripts/fetch_plotly_geo.sh and review the change)")
    return data


def topology_script() -> str:
    """JS that hands plotly the shipped US outline, so a geo map never fetches it (a file:// page cannot)."""
    topology = json.loads(topojson_path().read_text(encoding="utf-8"))
    body = json.dumps(topology, separators=(",", ":"))
    return ("window.PlotlyGeoAssets=window.PlotlyGeoAssets||{topojson:{}};"
            f"window.PlotlyGeoAssets.topojson[{json.dumps(TOPOLOGY_NAME)}]={body};\n")
