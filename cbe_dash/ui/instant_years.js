// Steps a map's year in the browser. When the person moves the page's Year slider (keys, drag or click),
// the map already drawn gets that year's traces, title, coverage and source lines at once, from the parts
// sent with the page for every year; the server's rerun then draws the same year again. If anything is
// missing (no slider, no map, no plotly.js, a year without parts), nothing is done: the map updates as it
// always did. Moves the server makes (Play, Previous/Next, links) are left to the server, which sends the map with
// them. If a late answer from the server draws another year than the slider shows (quick steps), the
// slider's year is drawn again. Only a map showing one of these years (same layer, view and size) is ever
// redrawn: right after the layer or view changes, until this page's new years arrive, it is left alone.
export default function ({ data }) {
  const page = data.page;
  const years = JSON.parse(data.years);  // {year: {data, layout}}, sent as one string
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  const slider = () => main.querySelector(`.st-key-${page}-timeline input[type="range"]`);
  const plot = () => main.querySelector(`.st-key-${page}-map .js-plotly-plot`);
  const titleOf = (layout) => (layout && layout.title && layout.title.text) || "";
  const plain = (text) => text.replace(/<[^>]*>/g, "");
  // Streamlit's chart theme sets titles in bold (it wraps them in <b>); the year's title follows suit.
  const styled = (title, shown) =>
    (/^<b>/.test(shown) ? Object.assign({}, title, { text: `<b>${title.text}</b>` }) : title);
  // Which map a figure is: its title without markup, the title's size (page, presenting, phone) and whether
  // it is drawn on a geo map or as tiles. Only a map that is one of this page's years is ever redrawn.
  const onGeo = (traces) => (traces || []).some((t) => /geo|choropleth/.test(t.type || ""));
  const titleSize = (layout) => (layout && layout.title && layout.title.font && layout.title.font.size) || "";
  const mapOf = (layout, traces) => [plain(titleOf(layout)), titleSize(layout), onGeo(traces)].join("|");
  const known = new Set(Object.values(years).map((part) => mapOf(part.layout, part.data)));
  const USER_MOVE_MS = 3000;  // a slider move counts as the person's this long after their last input on it
  let touched = -Infinity;

  const onInput = (event) => {
    const thumb = slider();
    const box = thumb && thumb.closest('[data-testid="stSlider"]');
    if (box && box.contains(event.target)) touched = performance.now();
  };

  const sync = () => {
    if (performance.now() - touched > USER_MOVE_MS) return;
    const thumb = slider();
    const gd = plot();
    const year = thumb && thumb.getAttribute("aria-valuetext");
    const part = year && years[year];
    if (!part || !gd || !gd._fullLayout || !window.Plotly) return;
    const shown = titleOf(gd.layout);
    if (!known.has(mapOf(gd.layout, gd.data))) return;  // another map (layer, view, size): not ours to redraw
    if (plain(shown) === plain(titleOf(part.layout))) return;  // that year is drawn
    const layout = Object.assign({}, gd.layout, part.layout, { title: styled(part.layout.title, shown) });
    window.Plotly.react(gd, part.data, layout);
  };

  // One watcher per page, whether Streamlit calls this again with new data or mounts it anew.
  const running = (window.__cbeDashInstantYears = window.__cbeDashInstantYears || {});
  if (running[page]) running[page]();
  const watcher = new MutationObserver(sync);
  watcher.observe(main, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuetext"] });
  document.addEventListener("keydown", onInput, true);
  document.addEventListener("pointerdown", onInput, true);
  const stop = () => {
    watcher.disconnect();
    document.removeEventListener("keydown", onInput, true);
    document.removeEventListener("pointerdown", onInput, true);
    if (running[page] === stop) delete running[page];
  };
  // Whether the watcher would redraw the map now shown: how a test knows this page's years have arrived.
  const draws = () => { const gd = plot(); return !!gd && known.has(mapOf(gd.layout, gd.data)); };
  running[page] = Object.assign(stop, { draws });
  return stop;
}
