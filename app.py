"""CBE Dash entry point: `streamlit run app.py`. Registers the pages and shows the home page."""
import streamlit as st

from cbe_dash import chart_preload

with chart_preload.while_loading():  # the browser loads plotly.js meanwhile
    from cbe_dash import headlines, ui

CARDS = [
    ("policy", "pages/1_Policy.py", "Policy", ("state_policy", "policy_counts", "tile_grid")),
    ("league", "pages/2_League.py", "League coverage", ("league", "league_totals", "tile_grid")),
    ("connectivity", "pages/3_Connectivity.py", "Connectivity gaps", ("connectivity", "connectivity_national", "tile_grid")),
]


def home() -> None:
    """One featured map with a switch between the three questions (each naming its year), the answer to the
    chosen one above it, and all three answers, computed from the data, under it."""
    ds = ui.page("Home")
    st.title("CBE Dash")
    st.write("How US states adopt competency-based education (CBE): students advance on demonstrated mastery, "
             "not seat time. Three questions, answered from sourced data for the 50 states and DC.")
    cards = {kind: card for kind, *card in CARDS if ds.available(*card[2])}
    if cards:
        years = {kind: _year_of(ui.view(ds, "home_map_args", kind)) for kind in cards}
        kind = st.segmented_control("Question on the map", options=list(cards), key="home.question",
                                    format_func=lambda k: f"{cards[k][1]}, {years[k]}", default=next(iter(cards)))
        kind = kind or next(iter(cards))
        path, label, _ = cards[kind]
        st.markdown(ui.plain(ui.view(ds, "headline", kind)))
        fig = ui.map_figure(ds, kind, *ui.view(ds, "home_map_args", kind))
        st.plotly_chart(fig, config=ui.PLOTLY_CONFIG, width="stretch", height="stretch", key="home.map")
        st.page_link(path, label=f"Explore {label.lower()} by year", icon=":material/arrow_forward:")
    st.subheader("The three questions")
    for column, (kind, path, label, needs) in zip(st.columns(3), CARDS):
        with column:
            st.markdown(f"**{label}**")
            if kind not in cards:
                st.warning("Unavailable: its data did not pass the checks (see About the data).", icon=":material/error:")
                continue
            st.markdown(ui.plain(ui.view(ds, "headline", kind)))
            st.page_link(path, label=f"Open {label.lower()}", icon=":material/arrow_forward:")
    st.divider()
    st.page_link("pages/7_About_the_data.py", label="About the data: sources, definitions, downloads",
                 icon=":material/description:")


def _year_of(map_args: tuple[object, ...]) -> int:
    """The year among a home map's settings (layer or measure, year, view)."""
    return next(int(a) for a in map_args if isinstance(a, int))


# No page icons: Streamlit would turn a material icon into a favicon fetched from a font CDN (offline: an
# outbound request). The favicon is the local static/favicon.png set by ui.page(). The menu is drawn by
# ui (page links), so the navigation itself stays hidden; .streamlit/config.toml hides the pages/ listing.
home_page = st.Page(home, title="Home", default=True)
ui.register_navigation(home_page)
pages = [home_page]
pages += [st.Page(path, title=title, url_path=url) for path, title, url in ui.PAGE_FILES if (ui.ROOT / path).is_file()]
st.navigation(pages, position="hidden").run()
