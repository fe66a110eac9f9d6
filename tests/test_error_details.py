"""Viewers never see a traceback, an exception type or a server path, whatever goes wrong in a page."""
from __future__ import annotations

import tomllib

from streamlit.config import ShowErrorDetailsConfigOptions
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def test_the_shipped_config_hides_error_details():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    value = config["client"]["showErrorDetails"]
    assert value in {o.value for o in ShowErrorDetailsConfigOptions}  # a value streamlit 1.67 accepts
    assert value == ShowErrorDetailsConfigOptions.NONE


def test_an_uncaught_error_reaches_the_viewer_without_its_message_or_traceback():
    at = AppTest.from_string('raise RuntimeError("/srv/cbe-dash/data/regions.csv went wrong")').run()
    [shown] = at.exception
    assert "/srv/" not in shown.message and "RuntimeError" not in shown.message
    assert shown.stack_trace == []
