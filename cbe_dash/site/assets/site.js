/* CBE Dash static edition: draws the figures embedded in the page and steps a map through its years.
 * No network: figures, outlines and plotly.js are all on the page or beside it. Data is only ever set as
 * text (textContent), never as HTML. */
(function () {
  "use strict";

  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  var config = readJSON("plotly-config") || {};

  function draw(div, figure) {
    // A copy: plotly writes into the objects it is given, and a year may be shown again later.
    var fig = structuredClone(figure);
    return Plotly.react(div, fig.data, fig.layout, config);
  }

  function drawStatic() {
    document.querySelectorAll("[data-figure]").forEach(function (div) {
      var figure = readJSON(div.getAttribute("data-figure"));
      if (figure) { draw(div, figure); }
    });
  }

  function readHash() {
    var out = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var kv = pair.split("=");
      if (kv[0]) { out[decodeURIComponent(kv[0])] = decodeURIComponent(kv[1] || ""); }
    });
    return out;
  }

  function timeline() {
    var data = readJSON("timeline");
    if (!data) { return; }
    var years = data.years;
    var div = document.getElementById("map");
    var range = document.getElementById("year-range");
    var label = document.getElementById("year-label");
    var lines = document.getElementById("lines");
    var coverage = document.getElementById("coverage");
    var prev = document.getElementById("prev");
    var next = document.getElementById("next");
    var play = document.getElementById("play");
    var viewButtons = document.querySelectorAll("[data-view]");
    var live = document.querySelector("[data-live-link]");
    var liveBase = live ? live.getAttribute("href") : null;
    var hash = readHash();
    var state = {
      index: years.indexOf(Number(hash.year)) >= 0 ? years.indexOf(Number(hash.year)) : years.indexOf(data.default_year),
      view: hash.view === "tiles" ? "tiles" : "map",
      timer: null
    };

    // Two plot buffers: the one shown, and a hidden one holding the year the viewer will most likely ask
    // for next (the neighbour in the direction of travel). A step to that year is a swap, drawn in the
    // next frame; the hidden buffer is then refilled while the viewer looks at the map.
    var buffers = [div.appendChild(document.createElement("div")), div.appendChild(document.createElement("div"))];
    var held = [null, null];
    var front = 0;
    var direction = 1;
    var refill = null;

    function setFront(i) {
      front = i;
      buffers.forEach(function (b, j) {
        b.classList.add("buffer");  // classList: plotly marks its plots with a class of its own
        b.classList.toggle("hidden", j !== front);
        b.setAttribute("aria-hidden", String(j !== front));
      });
    }

    function figureFor(index, view) {
      return data.frames[String(years[index])].figures[view];
    }

    function prepareNext() {
      refill = null;
      var i = state.index + direction;
      if (i < 0 || i >= years.length) { i = state.index - direction; }
      if (i < 0 || i >= years.length) { return; }
      var want = state.view + "|" + i;
      var back = 1 - front;
      if (held[back] === want) { return; }
      held[back] = want;
      draw(buffers[back], figureFor(i, state.view));
    }

    function show() {
      var year = years[state.index];
      var frame = data.frames[String(year)];
      var want = state.view + "|" + state.index;
      if (held[front] !== want) {
        if (held[1 - front] === want) {
          setFront(1 - front);
        } else {
          held[front] = want;
          draw(buffers[front], frame.figures[state.view]);
        }
      }
      if (refill === null) {  // after this frame is painted, so the shown map is never delayed
        refill = requestAnimationFrame(function () { setTimeout(prepareNext, 30); });
      }
      range.value = String(state.index);
      range.setAttribute("aria-valuetext", String(year));
      label.textContent = String(year);
      lines.replaceChildren.apply(lines, frame.lines.map(function (text) {
        var p = document.createElement("p");
        p.textContent = text;
        return p;
      }));
      coverage.textContent = frame.coverage;
      prev.disabled = state.index === 0;
      next.disabled = state.index === years.length - 1;
      viewButtons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-view") === state.view)); });
      history.replaceState(null, "", "#year=" + year + "&view=" + state.view);
      if (live && liveBase) {
        var url = new URL(liveBase);
        url.searchParams.set("year", String(year));
        url.searchParams.set("view", state.view);
        live.setAttribute("href", url.toString());
      }
    }

    function step(delta) {
      direction = delta > 0 ? 1 : -1;
      var i = Math.max(0, Math.min(years.length - 1, state.index + delta));
      if (i !== state.index) { state.index = i; show(); }
    }

    function stopPlaying() {
      if (state.timer !== null) { clearInterval(state.timer); state.timer = null; }
      play.textContent = "Play";
      play.setAttribute("aria-pressed", "false");
    }

    function togglePlay() {
      if (state.timer !== null) { stopPlaying(); return; }
      if (state.index === years.length - 1) { state.index = 0; show(); }
      play.textContent = "Pause";
      play.setAttribute("aria-pressed", "true");
      state.timer = setInterval(function () {
        step(1);
        if (state.index === years.length - 1) { stopPlaying(); }
      }, 1200);
    }

    prev.addEventListener("click", function () { step(-1); });
    next.addEventListener("click", function () { step(1); });
    play.addEventListener("click", togglePlay);
    play.disabled = years.length < 2;
    range.addEventListener("input", function () { state.index = Number(range.value); show(); });
    viewButtons.forEach(function (b) {
      b.addEventListener("click", function () { state.view = b.getAttribute("data-view"); show(); });
    });
    document.addEventListener("keydown", function (event) {
      var tag = event.target && event.target.tagName;
      if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || event.altKey || event.ctrlKey || event.metaKey) { return; }
      if (event.key === "ArrowLeft") { step(-1); event.preventDefault(); }
      if (event.key === "ArrowRight") { step(1); event.preventDefault(); }
    });
    if (state.index === years.length - 1) { direction = -1; }
    setFront(0);
    show();
  }

  drawStatic();
  timeline();
})();
