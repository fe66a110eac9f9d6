"""The Streamlit boundary, the only layer that imports Streamlit. Pages call these names.

Modules by concern: `cache` (data, views and figures cached per data version), `state` (settings kept
across pages and URL state), `controls` (year, view, states, image format), `panels` (maps, tables, detail
panels), `lazy` (panels built only while open), `instant` (map years stepped in the browser), `downloads`
(files to take away, citations), `sharing` (copy link, embed), `chrome` (page start, menu, presentation
mode), `styles` (the only CSS).
"""
from cbe_dash.figures import PLOTLY_CONFIG
from cbe_dash.plaintext import escape_markdown as plain
from cbe_dash.ui.cache import (cached_trend, comparison_chart, datasets, indicator_chart, map_figure, map_frame,
                               small_map, view)
from cbe_dash.ui.chrome import APP_TITLE, PAGE_FILES, ROOT, nav_position, page, register_navigation
from cbe_dash.ui.controls import (by_year, chart_config, image_format_picker, state_picker, view_toggle,
                                  year_control)
from cbe_dash.ui.instant import instant_years
from cbe_dash.ui.lazy import lazy_expander, lazy_popover
from cbe_dash.ui.downloads import data_out, displayed_table, download_table, full_table
from cbe_dash.ui.panels import (LINK_COLUMN, indicator_table, league_table, map_table, national_headline,
                                problems_panel, show_map, show_notices, sources_table, state_detail,
                                with_source_links)
from cbe_dash.ui.sharing import share_panel
from cbe_dash.ui.state import (SHARED_STATES, SHARED_VIEW, bind_url, bound, current_view, kept, presenting,
                               set_value, shared_states, sync_url, widget_key)

from cbe_dash.ui.panels import (coverage_notice, league_coverage_notice, policy_changes_panel,  # noqa: E402 (issue 9)
                                snapshot_primary)

__all__ = [
    "APP_TITLE", "LINK_COLUMN", "PAGE_FILES", "PLOTLY_CONFIG", "ROOT", "SHARED_STATES", "SHARED_VIEW", "bind_url",
    "bound", "by_year",
    "cached_trend", "chart_config", "comparison_chart", "current_view", "datasets",
    "data_out", "displayed_table", "download_table", "full_table", "image_format_picker", "indicator_chart",
    "indicator_table", "instant_years", "kept", "league_table",
    "map_figure", "map_frame", "map_table", "national_headline", "nav_position", "page", "plain",
    "presenting", "problems_panel", "register_navigation", "set_value", "shared_states", "show_map",
    "show_notices", "small_map", "share_panel", "sources_table", "state_detail", "state_picker", "sync_url", "view",
    "view_toggle", "widget_key", "with_source_links", "year_control",
]
__all__ += ["coverage_notice", "league_coverage_notice", "policy_changes_panel", "snapshot_primary",
            "lazy_expander", "lazy_popover"]
