// The course's chart widget: draws a plotly figure sent from the kernel, and redraws it in place
// (Plotly.react) when the kernel sends a new one. Its own code is this small file; plotly.js itself
// is NOT sent with each chart. It comes from the page: JupyterLab and Voilà load the jupyterlab-plotly
// extension (installed with plotly), whose bundle defines window.Plotly, from static files the
// browser caches. So a page holds one copy of plotly.js however many charts it shows.

// One promise per page, shared by every chart (each chart's module is evaluated on its own).
function loadPlotly() {
  if (!window.__sermLessonsPlotly) window.__sermLessonsPlotly = widgetsFound().then(findPlotly);
  return window.__sermLessonsPlotly;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Evaluating plotly.js is a long task (seconds on a busy machine) in which no timer runs. A widget
// output polls 2 s for its model and, if its timer fires late after the restore, fails for good
// (ipywidgets#4026; docs/performance.md). So plotly.js waits until no output is still loading.
const LOADING_TEXT = "Loading widget...";
const MAX_WAIT_MS = 5000;

function outputsStillLoading() {
  return [...document.querySelectorAll(".jp-OutputArea-output")].some(
    (output) => output.childElementCount === 0 && output.textContent === LOADING_TEXT,
  );
}

async function widgetsFound() {
  const until = performance.now() + MAX_WAIT_MS;
  while (outputsStillLoading() && performance.now() < until) await sleep(50);
}

async function findPlotly() {
  if (window.Plotly) return window.Plotly;
  // jupyterlab-plotly is a federated extension: its renderer evaluates plotly.js on first use.
  // Drawing one empty figure with it (off screen) makes it load, and the bundle sets window.Plotly.
  const container = window._JUPYTERLAB && window._JUPYTERLAB["jupyterlab-plotly"];
  if (!container) throw new Error("the jupyterlab-plotly extension is not in this page");
  const extension = (await container.get("./mimeExtension"))();
  const Rendered = extension.RenderedPlotly;
  if (!(Rendered && Rendered.Plotly)) {
    const renderer = extension.rendererFactory.createRenderer({ mimeType: extension.MIME_TYPE });
    await renderer.renderModel({
      data: { [extension.MIME_TYPE]: { data: [], layout: {} } },
      metadata: {},
      trusted: true,
      setData() {},
    });
    renderer.dispose();
  }
  const module = Rendered && Rendered.Plotly;
  const Plotly = window.Plotly || (module && (module.react ? module : module.default));
  if (!Plotly || !Plotly.react) throw new Error("plotly.js did not load");
  return Plotly;
}

function describe(figure) {
  const meta = (figure.layout && figure.layout.meta) || {};
  return typeof meta.alt === "string" ? meta.alt : "";
}

function render({ model, el }) {
  el.classList.add("serm-chart");
  const plot = document.createElement("div");
  const note = document.createElement("p");
  note.setAttribute("role", "note");
  note.className = "serm-alt";
  note.style.cssText = "font-size:15px;line-height:1.4;max-width:900px;margin:4px 0 0 0";
  const label = document.createElement("b");
  label.textContent = "Figure description: ";
  const text = document.createElement("span");  // textContent: data never becomes markup
  note.append(label, text);
  el.append(plot, note);

  let drawing = Promise.resolve();
  const draw = () => {
    drawing = drawing.then(async () => {
      const figure = model.get("figure") || {};
      if (!figure.data && !figure.layout) return;  // nothing to show yet (a hidden chart)
      const Plotly = await loadPlotly();
      // each chart's first drawing is a task of its own: charts never block timers all together
      if (!plot.dataset.draws) await sleep(0);
      await Plotly.react(plot, figure.data || [], figure.layout || {}, model.get("config") || {});
      text.textContent = describe(figure);
      // the mode bar stays usable by mouse, but Tab goes from control to control, not into it
      plot.querySelectorAll(".modebar-btn").forEach((b) => b.setAttribute("tabindex", "-1"));
      plot.dataset.draws = String(Number(plot.dataset.draws || 0) + 1);
    }).catch((error) => {
      text.textContent = "This chart could not be drawn (" + error.message + "). " +
        "Run the notebook in JupyterLab or Voilà with the course installed.";
      console.error("[serm-lessons chart]", error);
    });
  };
  model.on("change:figure", draw);
  draw();
  return () => {
    model.off("change:figure", draw);
    if (window.Plotly) window.Plotly.purge(plot);
  };
}

export default { render };
