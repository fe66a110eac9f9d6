"""About the data: what each dataset holds, its sources and definitions, and downloads."""
import streamlit as st

from cbe_dash import catalog, ui
from cbe_dash.export import data_bundle

ds = ui.page("About the data")
st.title("About the data")
st.write("Every number in CBE Dash comes from a public source listed below. A value no source publishes is "
         "shown as \"No data\", never as zero or a guess.")

if ds.problems:
    st.header("Data problems")
    ui.problems_panel(ds, [r.name for r in ds.package.resources if ds.problems_for(r.name)])

st.download_button("Download all data (CSV files, datapackage.json, README and terms)", data=lambda: data_bundle(ds),
                   on_click="ignore", file_name=f"cbe-dash-data-{ds.version}.zip", mime="application/zip",
                   icon=":material/download:")
st.caption("Every download is clean CSV (the header is the first line; each row's source_id joins to sources.csv) "
           "or a zip with the CSV, metadata.json and a README. Each view's Cite button gives a suggested citation "
           "that credits the original producers first. The data's terms are in TERMS.md, inside the bundle.")

st.header("Datasets")
st.dataframe(ui.view(ds, "dataset_summary"), hide_index=True, width="stretch")
st.subheader("Columns of every dataset")
st.dataframe(ui.view(ds, "all_fields"), hide_index=True, width="stretch")

st.header("Sources")
if ds.available("sources"):
    table = ds.sources
    ui.sources_table(ds, table["source_id"], key="about.sources")
    ui.data_out(ds, "sources")

with st.expander("Definitions, coverage and known conflicts (data/README.md)"):
    st.markdown(catalog.data_readme())
