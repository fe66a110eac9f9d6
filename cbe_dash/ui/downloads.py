"""Downloads: the files an analyst takes away (built on click, formula-safe)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from cbe_dash.data import Datasets
from cbe_dash.export import table_csv


def download_table(frame: pd.DataFrame, *, title: str, file_name: str, ds: Datasets, key: str) -> None:
    """Download exactly the shown table as CSV (formula-safe, with a data-version header line)."""
    version = ds.version
    st.download_button("Download CSV", data=lambda: table_csv(frame, title=title, version=version),
                       file_name=file_name, mime="text/csv", icon=":material/download:", key=key,
                       on_click="ignore")
