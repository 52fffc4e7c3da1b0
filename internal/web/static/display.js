// Text size and high contrast (Circular 32/2017 Art. 18 asks for both).
// The choice is kept in localStorage so it persists across pages and
// visits; the page HTML stays the same for everyone, so it can be cached.
(function () {
  "use strict";
  var root = document.documentElement;
  var store = window.localStorage;
  function get(k) { try { return store.getItem(k); } catch (e) { return null; } }
  function set(k, v) { try { store.setItem(k, v); } catch (e) { /* private mode */ } }
  function applySize(n) {
    root.className = root.className.replace(/\btext--?\d\b/g, "").trim();
    if (n !== 0) { root.classList.add("text-" + n); }
  }
  var size = parseInt(get("cong-text") || "0", 10);
  if (isNaN(size) || size < -1 || size > 3) { size = 0; }
  applySize(size);
  if (get("cong-contrast") === "1") { root.classList.add("contrast"); }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-display]");
    if (!box) { return; }
    var contrast = box.querySelector("[data-contrast]");
    contrast.setAttribute("aria-pressed", root.classList.contains("contrast") ? "true" : "false");
    box.addEventListener("click", function (ev) {
      var b = ev.target.closest("button");
      if (!b) { return; }
      if (b.hasAttribute("data-contrast")) {
        var on = root.classList.toggle("contrast");
        b.setAttribute("aria-pressed", on ? "true" : "false");
        set("cong-contrast", on ? "1" : "0");
        return;
      }
      var step = parseInt(b.getAttribute("data-size"), 10);
      size = step === 0 ? 0 : Math.max(-1, Math.min(3, size + step));
      applySize(size);
      set("cong-text", String(size));
    });
    box.hidden = false;
  });
})();
