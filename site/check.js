// Written in the oldest JavaScript on purpose: it runs first, in any browser, and says
// so plainly when the browser cannot run the page (app.js would fail to load there).
(function () {
  "use strict";
  function tooOld() {
    var note = document.getElementById("too-old");
    var progress = document.getElementById("progress");
    if (note) { note.hidden = false; }
    if (progress) { progress.hidden = true; }
  }
  var able = typeof WebAssembly === "object" &&
    typeof WebAssembly.instantiateStreaming === "function" &&
    typeof BigInt64Array === "function" && typeof Promise === "function";
  window.holdcalcTooOld = tooOld;
  if (!able) {
    window.holdcalcUnable = true;
    tooOld();
    return;
  }
  // app.js says it started; a browser that could not even read it is too old.
  window.setTimeout(function () { if (!window.holdcalcStarted) { tooOld(); } }, 4000);
}());
