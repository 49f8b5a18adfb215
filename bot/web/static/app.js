// The dashboard's small script: live counts (Server-Sent Events), the broadcast progress,
// FAQ answers as starting text, and QR scanning where the browser has BarcodeDetector.
// Everything works without it, just without live updates and the camera.
(function () {
  "use strict";

  function format(value) {
    return typeof value === "number" ? value.toLocaleString(document.documentElement.lang || "id") : value;
  }

  function showBroadcast(b) {
    var box = document.getElementById("broadcast");
    if (!box || !b || String(b.id) !== box.dataset.broadcast) return;
    var bar = document.getElementById("bc-progress");
    if (bar) { bar.value = b.percent; bar.textContent = b.percent + "%"; }
    var percent = box.querySelector('[data-bc="percent"]');
    if (percent) percent.textContent = b.percent;
    var text = box.querySelector('[data-bc="text"]');
    if (text && text.dataset.template) {
      text.textContent = text.dataset.template.replace(/\{(\w+)\}/g, function (_, k) { return format(b[k]); });
    }
    var label = box.querySelector('[data-bc="status-label"]');
    if (label && label.dataset.labels) {
      try { label.textContent = JSON.parse(label.dataset.labels)[b.status] || b.status; } catch (e) { /* keep it */ }
    }
    box.dataset.status = b.status;
    var controls = box.querySelector('[data-bc="controls"]');
    if (controls && (b.status === "done" || b.status === "cancelled")) controls.hidden = true;
  }

  function live() {
    var source = document.querySelector("[data-live-source]");
    if (!source || !window.EventSource) return;
    var stream = new EventSource(source.dataset.liveSource);
    stream.onmessage = function (event) {
      var counts = JSON.parse(event.data);
      document.querySelectorAll("[data-live]").forEach(function (el) {
        var value = counts[el.dataset.live];
        if (value === undefined) return;
        var shown = format(value);
        if (el.textContent !== shown) {
          el.textContent = shown;
          el.classList.remove("flashy"); void el.offsetWidth; el.classList.add("flashy");
        }
      });
      showBroadcast(counts.broadcast);
      document.body.dataset.live = "on";
    };
  }

  function faq() {
    document.querySelectorAll(".faq-pick").forEach(function (pick) {
      pick.addEventListener("change", function () {
        var target = document.getElementById(pick.dataset.target);
        if (target && pick.value) { target.value = pick.value; target.focus(); }
      });
    });
  }

  function scanner() {
    var button = document.getElementById("scan");
    var input = document.getElementById("kode");
    if (!button || !input) return;
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
      var note = document.getElementById("no-camera");
      if (note) note.hidden = false;
      return;
    }
    button.hidden = false;
    var video = document.getElementById("camera");
    var stream = null;
    function stop() {
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null; video.hidden = true; button.textContent = button.dataset.start;
    }
    button.addEventListener("click", function () {
      if (stream) { stop(); return; }
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
        stream = s; video.srcObject = s; video.hidden = false; video.play();
        button.textContent = button.dataset.stop;
        (function look() {
          if (!stream) return;
          detector.detect(video).then(function (codes) {
            if (codes.length) {
              // The QR holds the code (or a text ending with it): the server checks it.
              input.value = codes[0].rawValue.trim().split(/\s+/).pop();
              stop();
              document.getElementById("check-form").submit();
            } else { setTimeout(look, 250); }
          }).catch(function () { setTimeout(look, 500); });
        })();
      }).catch(function () {
        var note = document.getElementById("no-camera");
        if (note) note.hidden = false;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { live(); faq(); scanner(); });
})();
