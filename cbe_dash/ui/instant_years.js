// Steps a map's year in the browser. When the person moves the page's Year slider (keys, drag or click),
// the map already drawn gets that year's traces, title, coverage and source lines at once, from the parts
// sent with the page for every year; the server's rerun then draws the same year again. If anything is
// missing (no slider, no map, no plotly.js, a year without parts), nothing is done: the map updates as it
// always did. Moves the server makes (Play, Previous/Next, links) are left to the server, which sends the map with
// them. If a late answer from the server draws another year than the slider shows (quick steps), the
// slider's year is drawn again. Only a map showing one of these years is ever redrawn: right after the layer
// or view changes, until this page's new years arrive, a step is left to the server.
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
  const known = new Set(Object.values(years).map((part) => plain(titleOf(part.layout))));
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
    if (!known.has(plain(shown))) return;  // another map (layer, view): not ours to redraw
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
  // Whether the watcher redraws a map with this (visible) title: how a test knows this page's years arrived.
  running[page] = Object.assign(stop, { draws: (title) => known.has(plain(title)) });
  return stop;
}
