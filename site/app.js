// holdcalc in the browser: loads the Pyodide runtime and holdcalc's Python packages
// from this site, then lets holdcalc.web.in_browser render every page. This script
// only moves things: the form's fields to Python, Python's HTML onto the page, a
// chosen file into the runtime's memory. Every answer, word and number is Python's.
"use strict";
window.holdcalcStarted = true;

const WORDS = {
  en: {
    runtime: "Loading the Python runtime (the first time, about 12 MB)…",
    packages: "Loading holdcalc, its calendars and time zones…",
    starting: "Starting holdcalc…",
    working: "Working…",
    checking: "Checking the roster in your browser…",
    broken: "holdcalc could not start in this browser:",
  },
  es: {
    runtime: "Cargando el entorno de Python (la primera vez, unos 12 MB)…",
    packages: "Cargando holdcalc, sus calendarios y zonas horarias…",
    starting: "Iniciando holdcalc…",
    working: "Trabajando…",
    checking: "Revisando la lista en su navegador…",
    broken: "holdcalc no pudo iniciarse en este navegador:",
  },
};

function route() {
  const [page, lang] = location.hash.replace(/^#/, "").split("/");
  const navigatorLang = (navigator.language || "en").slice(0, 2);
  const chosen = lang || (navigatorLang === "es" ? "es" : "en");
  return { page: page === "roster" ? "roster" : "case", lang: chosen === "es" ? "es" : "en" };
}

function say(text) {
  const progress = document.getElementById("progress");
  if (progress) progress.textContent = text;
}

// Lets the browser paint a message before Python holds the thread.
function painted() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

async function loadPackages(pyodide) {
  const listed = await (await fetch("python/index.json")).json();
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  const archives = await Promise.all(
    listed.map(async (entry) => {
      const response = await fetch("python/" + entry.file);
      if (!response.ok) throw new Error(entry.file + ": " + response.status);
      return { entry, data: await response.arrayBuffer() };
    }),
  );
  for (const { data } of archives) {
    pyodide.unpackArchive(data, "zip", { extractDir: sitePackages });
  }
}

async function start() {
  const words = WORDS[route().lang];
  say(words.runtime);
  const pyodide = await loadPyodide({ indexURL: new URL("pyodide/", location.href).href });
  say(words.packages);
  await loadPackages(pyodide);
  say(words.starting);
  await painted();
  const app = pyodide.pyimport("holdcalc.web.in_browser");
  return { pyodide, app };
}

// Puts a page rendered by Python in place of the current one. A chosen roster file
// is kept (a page cannot set a file input itself), so after an error the person
// fixes a field and checks again without choosing the file anew.
function show(html) {
  const page = new DOMParser().parseFromString(html, "text/html");
  const kept = document.getElementById("roster");
  document.documentElement.lang = page.documentElement.lang;
  document.title = page.title;
  const style = page.head.querySelector("style");
  const current = document.head.querySelector("style");
  if (style && current) current.replaceWith(document.importNode(style, true));
  document.body.replaceChildren(...Array.from(page.body.childNodes, (node) => document.importNode(node, true)));
  const fresh = document.getElementById("roster");
  if (kept && fresh && kept.files && kept.files.length) {
    for (const name of ["aria-invalid", "autofocus"]) {
      if (fresh.hasAttribute(name)) kept.setAttribute(name, fresh.getAttribute(name));
      else kept.removeAttribute(name);
    }
    fresh.replaceWith(kept);
  }
  const bad = document.querySelector("[autofocus]");
  if (bad) {
    bad.focus();
    bad.scrollIntoView({ block: "center" });
  } else {
    window.scrollTo(0, 0);
  }
}

function fields(form) {
  const values = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === "string") values[name] = value;
  }
  return JSON.stringify(values);
}

function busy(text) {
  const button = document.querySelector("main form button[type=submit]");
  if (button) {
    button.disabled = true;
    button.textContent = text;
  }
}

let uploads = 0;

async function checkRoster(runtime, form) {
  const input = form.querySelector("#roster");
  const file = input && input.files && input.files[0];
  if (!file) return runtime.app.check(fields(form), "", "");
  const path = "/tmp/upload-" + ++uploads;
  runtime.pyodide.FS.writeFile(path, new Uint8Array(await file.arrayBuffer()));
  return runtime.app.check(fields(form), file.name, path);
}

function wire(runtime) {
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    event.preventDefault();
    const words = WORDS[route().lang];
    const roster = form.id === "roster-form";
    busy(roster ? words.checking : words.working);
    await painted();
    show(roster ? await checkRoster(runtime, form) : runtime.app.expire(fields(form)));
  });
  // A link to the page already shown gives a fresh form, as a server's page would.
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link || link.getAttribute("href") !== location.hash) return;
    event.preventDefault();
    const { page, lang } = route();
    show(runtime.app.show(page, lang));
  });
  window.addEventListener("hashchange", () => {
    const { page, lang } = route();
    show(runtime.app.show(page, lang));
  });
}

async function main() {
  if (window.holdcalcUnable) return;
  try {
    const runtime = await start();
    wire(runtime);
    const { page, lang } = route();
    show(runtime.app.show(page, lang));
  } catch (error) {
    say(WORDS[route().lang].broken + " " + error);
    throw error;
  }
}

main();
