"""The app's only CSS, in one place. It holds no data, only constant rules.

Streamlit element names it depends on (check them when upgrading Streamlit): stSidebar,
stSidebarCollapsedControl, stHeader, stToolbar, stDecoration, stMain, stMainBlockContainer, stPlotlyChart,
stMetricLabel, stMetricValue, stPageLink-NavLink, stHeading, stSlider, stTooltipIcon, stButtonGroup, the .block-container
class, baseweb's [data-baseweb="tag"], and the st-key-<key> classes Streamlit gives keyed elements (the map
charts "<page>.map" -> .st-key-<page>-map, the timeline row "<page>-timeline", the exit button "present.exit",
the View toggle "shared_view").
From plotly.js: the notifier its camera button shows while saving an image (.plotly-notifier .notifier-note).
"""
from __future__ import annotations

#: The page maps whose height follows the viewport (drawn with st.plotly_chart(height="stretch")).
_MAPS = ".st-key-policy-map, .st-key-league-map, .st-key-connectivity-map"
#: The timeline rows under those maps (year slider, Previous/Next, Play).
_TIMELINES = (".st-key-policy-timeline, .st-key-league-timeline, .st-key-connectivity-timeline, .st-key-compare-timeline, "
              ".st-key-explore-timeline")

#: Every page: compact titles, maps sized to the viewport so the whole map and its controls fit a laptop
#: screen, labels that wrap instead of being cut, a focus ring unlike the current-page highlight, and plotly's
#: save-image notices ("Preparing image", "Image download succeeded") in white on the accent (plotly's own light
#: grey-blue gives them ~2.9:1, below WCAG AA).
#: The View toggle keeps its drawn height (label and buttons) while its code loads, so on a first visit the map
#: under it does not jump down 20 px once the toggle appears (League, where the toggle has no row of its own).
BASE_CSS = """
<style>
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 3.6rem !important; padding-bottom: 3rem !important; }
[data-testid="stMain"] h1 { font-size: 1.85rem; padding: 0.25rem 0 0 0; line-height: 1.2; }
[data-testid="stMain"] h1, [data-testid="stMain"] h2, [data-testid="stMain"] h3 { overflow-wrap: anywhere; }
MAPS { height: clamp(330px, calc(100vh - 290px), 640px) !important; }
MAPS > div, MAPS [data-testid="stPlotlyChart"] { height: 100%; }
.st-key-home-map { height: clamp(320px, calc(100vh - 330px), 600px) !important; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *, [data-testid="stMetricValue"],
[data-testid="stMetricValue"] * { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; overflow-wrap: anywhere; height: auto !important; }
[data-testid="stMetricValue"] { font-size: 1.6rem; line-height: 1.25; }
[data-baseweb="tag"] { max-width: none !important; height: auto !important; }
[data-baseweb="tag"] span { max-width: none !important; overflow: visible !important; text-overflow: clip !important;
  white-space: normal !important; }
a:focus-visible, button:focus-visible, input:focus-visible, [role="slider"]:focus-visible, [tabindex]:focus-visible,
[data-testid="stPageLink-NavLink"]:focus-visible { outline: 3px solid #0b57d0 !important; outline-offset: 2px !important;
  box-shadow: 0 0 0 5px #ffffff !important; }
@media (max-width: 640px) {
  .block-container, [data-testid="stMainBlockContainer"] { padding-left: 0.6rem !important; padding-right: 0.6rem !important; }
  [data-testid="stMain"] h1 { font-size: 1.5rem; }
  MAPS, .st-key-home-map { height: 640px !important; }
  TIMELINES { flex-wrap: wrap !important; }
  TIMELINES > div:first-child { min-width: 100% !important; }
}
[data-testid="stButtonGroup"] > div { flex-wrap: wrap; }
.st-key-shared_view { min-height: 60px; }
.plotly-notifier .notifier-note { background-color: #1d4f91 !important; }
</style>
""".replace("MAPS", _MAPS).replace("TIMELINES", _TIMELINES)

#: Presentation mode: no Streamlit chrome, large type, the map as tall as the screen allows with the year
#: control and the takeaway still on it; the exit button floats in the top-right corner.
PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding: 0.75rem 1.5rem 0.5rem 1.5rem !important;
  max-width: 100% !important; }
[data-testid="stMain"] p, [data-testid="stMain"] label, [data-testid="stMain"] button { font-size: 1.5rem !important; }
MAPS { height: max(300px, calc(100vh - 215px)) !important; }
.st-key-present-exit { position: fixed; top: 0.4rem; right: 0.75rem; z-index: 1000; width: auto !important; }
.st-key-present-exit button p { font-size: 1rem !important; }
</style>
""".replace("MAPS", _MAPS)
