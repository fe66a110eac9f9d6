"""State profile: one state's policy timeline, League districts, connectivity and context, all sourced."""
import streamlit as st

from cbe_dash import chart_preload

with chart_preload.while_loading():  # the browser loads plotly.js meanwhile
    from cbe_dash import profile, ui, urlstate
    from cbe_dash.states import STATE_CODES, state_name

PAGE = "profile"
ds = ui.page("State profile", needs=("state_policy", "policy_counts"))
specs = [urlstate.choice("state", STATE_CODES, "KY")]
notices = ui.bind_url(PAGE, specs)

st.title("State profile")
ui.show_notices(notices)
state = st.selectbox("State", options=list(STATE_CODES), format_func=lambda c: f"{state_name(c)} ({c})",
                     **ui.kept(ui.widget_key(PAGE, "state"), "KY"))

st.header(state_name(state))
facts = ui.view(ds, "state_facts", state)
for column, (label, value) in zip(st.columns(len(facts)), facts.items()):
    column.metric(ui.plain(label), ui.plain(value))

table = ui.view(ds, "state_indicators", state)
missing = [name for name in profile.PARTS if not ds.available(name)]
if missing:
    st.warning("Some data did not pass its checks and is left out here: " + ", ".join(missing), icon=":material/warning:")

for topic, part in table.groupby("topic", sort=False):
    st.subheader(ui.plain(topic))
    if topic == "Policy":
        for field in ("credit_policy", "diploma_policy"):
            fig, caption = ui.comparison_chart(ds, "policy", [state], field)
            st.plotly_chart(fig, config=ui.PLOTLY_CONFIG, width="stretch", key=f"{PAGE}.timeline.{field}")
    if topic == "School connectivity":
        st.caption("National figures for the same editions are on the Connectivity page; "
                   "editions differ in definitions and samples.")
    ui.indicator_table(part.drop(columns=["topic"]), key=f"{PAGE}.{topic}")

if table.empty:
    st.info("No sourced indicator for this state.")
data_bar = ui.data_out(ds, "profile", state)

ui.sync_url(PAGE, specs, {"state": state})
ui.share_panel(data_bar)
