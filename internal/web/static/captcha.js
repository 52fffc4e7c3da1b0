// The portal's proof-of-work captcha (internal/captcha), ALTCHA's format.
// In every form with <div data-captcha></div> it fetches a challenge from
// /api/v1/captcha, finds the number whose SHA-256 (Web Crypto) matches,
// and puts the answer in a hidden field "altcha"; a status line tells
// screen-reader users what is happening. Nothing to click, nothing to
// read: the work is the browser's. The same file runs as the Web Worker
// that does the hashing, so the page stays responsive.
(function () {
  "use strict";

  var BATCH = 500; // digests in flight at once

  function hex(buf) {
    var b = new Uint8Array(buf), s = "";
    for (var i = 0; i < b.length; i++) s += (b[i] < 16 ? "0" : "") + b[i].toString(16);
    return s;
  }

  // solve tries 0..max and resolves with the number, or -1.
  async function solve(c, progress) {
    var enc = new TextEncoder();
    for (var start = 0; start <= c.maxnumber; start += BATCH) {
      var jobs = [];
      for (var n = start; n < start + BATCH && n <= c.maxnumber; n++) {
        jobs.push(crypto.subtle.digest("SHA-256", enc.encode(c.salt + n)));
      }
      var sums = await Promise.all(jobs);
      for (var i = 0; i < sums.length; i++) {
        if (hex(sums[i]) === c.challenge) return start + i;
      }
      if (progress) progress(Math.min(1, (start + BATCH) / (c.maxnumber + 1)));
    }
    return -1;
  }

  // Inside the worker: solve what the page sends.
  if (typeof document === "undefined") {
    self.onmessage = function (e) {
      solve(e.data).then(function (n) { self.postMessage({ number: n }); },
        function (err) { self.postMessage({ error: String(err) }); });
    };
    return;
  }

  var script = document.currentScript && document.currentScript.src;
  var en = (document.documentElement.lang || "").slice(0, 2) === "en";
  var text = en ? {
    working: "Checking that you are not a robot (anti-spam), please wait…",
    done: "Anti-spam check complete. You can send the form.",
    wait: "Please wait: the anti-spam check is not finished yet; the form will be sent when it is.",
    failed: "The anti-spam check could not be completed. Check your connection and try again.",
    insecure: "The anti-spam check needs a secure (HTTPS) connection.",
    retry: "Try again"
  } : {
    working: "Đang xác minh chống thư rác, xin đợi trong giây lát…",
    done: "Đã xác minh chống thư rác. Bạn có thể gửi biểu mẫu.",
    wait: "Xin đợi: việc xác minh chống thư rác chưa xong; biểu mẫu sẽ được gửi ngay khi xong.",
    failed: "Không hoàn tất được bước xác minh chống thư rác. Xin kiểm tra kết nối mạng rồi thử lại.",
    insecure: "Bước xác minh chống thư rác cần kết nối an toàn (HTTPS).",
    retry: "Thử lại"
  };

  // run solves c in a worker when the browser allows it, else here.
  function run(c) {
    if (script && window.Worker) {
      try {
        var w = new Worker(script);
        return new Promise(function (resolve, reject) {
          w.onmessage = function (e) {
            w.terminate();
            if (e.data.error) reject(new Error(e.data.error)); else resolve(e.data.number);
          };
          w.onerror = function (e) { w.terminate(); e.preventDefault(); solve(c).then(resolve, reject); };
          w.postMessage(c);
        });
      } catch (e) { /* fall through: solve on the page */ }
    }
    return solve(c);
  }

  function setup(box) {
    var form = box.closest("form");
    if (!form) return;
    var input = box.querySelector('input[name="altcha"]');
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "altcha";
      box.appendChild(input);
    }
    var status = document.createElement("p");
    status.className = "captcha-status";
    status.setAttribute("role", "status");
    box.appendChild(status);
    var retry = null;
    var solved = false, sendWhenDone = false;

    function say(msg) { status.textContent = msg; }

    function start() {
      if (retry) { retry.remove(); retry = null; }
      solved = false;
      input.value = "";
      box.setAttribute("aria-busy", "true");
      say(text.working);
      if (!window.crypto || !crypto.subtle) { fail(text.insecure); return; }
      fetch("/api/v1/captcha", { cache: "no-store", credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(function (c) {
          return run(c).then(function (n) {
            if (n < 0) throw new Error("no solution");
            input.value = btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature }));
          });
        })
        .then(function () {
          solved = true;
          box.removeAttribute("aria-busy");
          box.setAttribute("data-captcha-state", "solved");
          say(text.done);
          if (sendWhenDone) { sendWhenDone = false; form.requestSubmit ? form.requestSubmit() : form.submit(); }
        }, function () { fail(text.failed); });
    }

    function fail(msg) {
      box.removeAttribute("aria-busy");
      box.setAttribute("data-captcha-state", "failed");
      sendWhenDone = false;
      say(msg);
      retry = document.createElement("button");
      retry.type = "button";
      retry.textContent = text.retry;
      retry.addEventListener("click", start);
      box.appendChild(retry);
    }

    // Back to a page kept in the browser's cache after sending: its
    // solution is used, so get a fresh one.
    window.addEventListener("pageshow", function (e) { if (e.persisted && solved) start(); });

    form.addEventListener("submit", function (e) {
      if (solved) return;
      e.preventDefault();
      if (retry) { start(); }
      sendWhenDone = true;
      say(text.wait);
    });
    start();
  }

  function init() {
    var boxes = document.querySelectorAll("form [data-captcha]");
    for (var i = 0; i < boxes.length; i++) setup(boxes[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
