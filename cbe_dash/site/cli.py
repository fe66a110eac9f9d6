"""`python -m cbe_dash build-site OUT [--live-url URL]`: the command behind the static edition."""
from __future__ import annotations

import sys

from cbe_dash.data import load_available
from cbe_dash.site.build import build_site
from cbe_dash.site.vendor import ChecksumMismatch


def build_site_command(out: str, live_url: str | None = None) -> int:
    """Build from the data folder the app would use; a broken file leaves its pages out, as in the app,
    and is listed. Exit 1 when the plotly.js bundle fails its checksum (nothing is written then)."""
    ds = load_available()
    for problem in ds.problems:
        print(problem, file=sys.stderr)
    try:
        report = build_site(ds, out, live_url=live_url)
    except ChecksumMismatch as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    pages = sum(f.endswith(".html") for f in report.files)
    print(f"OK: {pages} pages, {len(report.files)} files in {report.out} (data version {ds.version}). "
          "Upload the folder to any static host, or open index.html from disk.")
    return 0
