// Read-aloud ("Đọc bài", REQ-55) and the print button of the print view
// (REQ-16). Progressive enhancement: without JavaScript both controls
// stay hidden and the page is whole. The read-aloud control reads the
// article's title, summary and text with the browser's speechSynthesis
// in the page's language (vi-VN), with a Vietnamese voice when the device
// has one, and says so visibly when it has none or cannot speak at all.
// Every button is a real <button>: Tab reaches it, Enter and Space press it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var printBtn = document.querySelector("[data-print]");
    if (printBtn && typeof window.print === "function") {
      printBtn.hidden = false;
      printBtn.addEventListener("click", function () { window.print(); });
    }
    var box = document.querySelector("[data-read-aloud]");
    if (box) { readAloud(box); }
  });

  function readAloud(box) {
    var speak = box.querySelector("[data-speak]");
    var pause = box.querySelector("[data-speak-pause]");
    var stop = box.querySelector("[data-speak-stop]");
    var status = box.querySelector("[data-speak-status]");
    var lang = box.getAttribute("data-lang") || "vi-VN";
    var msg = function (k) { return box.getAttribute("data-" + k) || ""; };
    box.hidden = false;
    var synth = window.speechSynthesis;
    if (!synth || typeof window.SpeechSynthesisUtterance !== "function") {
      speak.disabled = true;
      status.textContent = msg("nosupport");
      return;
    }
    var prefix = lang.split("-")[0].toLowerCase();
    function voice() {
      var all = synth.getVoices() || [];
      for (var i = 0; i < all.length; i++) {
        if ((all[i].lang || "").toLowerCase().replace("_", "-").indexOf(prefix) === 0) { return all[i]; }
      }
      return null;
    }
    function text() {
      var parts = [];
      ["#tieu-de", ".article .summary", ".article-body"].forEach(function (sel) {
        var el = document.querySelector(sel);
        if (el && el.innerText) { parts.push(el.innerText); }
      });
      return parts.join("\n\n");
    }
    var session = 0;
    function idle(message) {
      speak.disabled = false;
      pause.disabled = true;
      stop.disabled = true;
      pause.setAttribute("aria-pressed", "false");
      pause.textContent = msg("pause");
      if (message !== undefined) { status.textContent = message; }
    }
    speak.addEventListener("click", function () {
      synth.cancel();
      var mine = ++session;
      var u = new window.SpeechSynthesisUtterance(text());
      u.lang = lang;
      var v = voice();
      if (v) { u.voice = v; }
      u.onend = function () { if (mine === session) { idle(""); } };
      u.onerror = function () { if (mine === session) { idle(msg("stopped")); } };
      speak.disabled = true;
      pause.disabled = false;
      stop.disabled = false;
      status.textContent = msg("reading") + (v ? "" : " " + msg("novoice"));
      synth.speak(u);
      pause.focus();
    });
    pause.addEventListener("click", function () {
      if (pause.getAttribute("aria-pressed") === "true") {
        synth.resume();
        pause.setAttribute("aria-pressed", "false");
        pause.textContent = msg("pause");
        status.textContent = msg("reading");
      } else {
        synth.pause();
        pause.setAttribute("aria-pressed", "true");
        pause.textContent = msg("resume");
        status.textContent = msg("paused");
      }
    });
    stop.addEventListener("click", function () {
      session++;
      synth.cancel();
      idle(msg("stopped"));
      speak.focus();
    });
    window.addEventListener("pagehide", function () { synth.cancel(); });
  }
})();
