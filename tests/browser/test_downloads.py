"""In the browser, offline: the Download bar saves a clean CSV that pandas reads with its defaults; the
tables offer no unsafe export of their own; the share link reopens the same view."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.support.browser import wait_for_idle, wait_for_map
from cbe_dash.data import PROJECT_DATA_DIR

pytestmark = pytest.mark.browser


def _popover(page, label: str):
    return page.locator('[data-testid="stPopover"] button', has_text=label).first


def test_displayed_data_downloads_as_a_csv_pandas_reads(page, app, tmp_path):
    page.goto(f"{app.url}/Policy?year=2019&layer=diploma_policy")
    wait_for_idle(page, 90_000)
    wait_for_map(page, 51, 90_000)
    _popover(page, "Download").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Displayed data (CSV)").click()
    assert download.value.suggested_filename == "cbe-dash-diploma_policy-2019.csv"
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    frame = pd.read_csv(path)
    assert len(frame) == 51 and list(frame.columns[:4]) == ["state", "name", "year", "diploma_policy"]
    assert frame["year"].dtype == "int64" and (frame["year"] == 2019).all()
    known = set(pd.read_csv(PROJECT_DATA_DIR / "sources.csv")["source_id"])
    assert set(frame["diploma_policy_source_id"].dropna()) <= known


def test_tables_have_no_builtin_download_and_the_share_link_reopens_the_view(page, app):
    page.goto(f"{app.url}/Policy?year=2018&layer=diploma_policy")
    wait_for_idle(page, 90_000)
    wait_for_map(page, 51, 90_000)
    page.get_by_text("Data table for this map").click()
    expander = page.locator('[data-testid="stExpander"]', has_text="Data table for this map")
    table = expander.locator('[data-testid="stDataFrame"]').first
    table.wait_for()
    table.hover()
    page.wait_for_timeout(500)
    assert page.locator('[data-testid="stElementToolbar"] button[aria-label*="Download"]').count() == 0
    _popover(page, "Share").click()
    link = page.locator('[data-testid="stCode"]', has_text="/Policy?").first.inner_text().strip()
    assert "year=2018" in link and "layer=diploma_policy" in link
    page.goto(link)
    wait_for_idle(page, 90_000)
    wait_for_map(page, 51, 90_000)
    assert "Mastery-based diploma, 2018" in page.locator(".js-plotly-plot .gtitle").first.text_content()
