/* 落实 Luoshi: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  function onReady(fn) {
    // Deferred scripts run before DOMContentLoaded: wait for it, so that every deferred library is there.
    if (document.readyState === "complete") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  /* Import page: click a highlight to show its fields; select text to add a missed indicator. */
  function initImport() {
    var text = document.getElementById("doc-text");
    var list = document.getElementById("ind-list");
    if (!text || !list) return;

    text.addEventListener("click", function (ev) {
      var mark = ev.target.closest("mark.ind");
      if (!mark) return;
      ev.preventDefault();
      var ids = (mark.getAttribute("data-ids") || "").split(",");
      document.querySelectorAll(".ind-card.focus, mark.ind.focus").forEach(function (el) { el.classList.remove("focus"); });
      mark.classList.add("focus");
      ids.forEach(function (id, i) {
        var card = document.getElementById("ind-" + id);
        if (!card) return;
        card.classList.add("focus");
        if (i === 0) {
          card.scrollIntoView({ block: "nearest", behavior: "smooth" });
          var det = card.querySelector("details");
          if (det) det.open = true;
        }
      });
    });

    list.addEventListener("click", function (ev) {
      var card = ev.target.closest(".ind-card");
      if (!card || ev.target.closest("form")) return;
      var id = card.getAttribute("data-id");
      var mark = text.querySelector('mark.ind[data-ids~="' + id + '"], mark.ind[data-ids^="' + id + ',"], mark.ind[data-ids$=",' + id + '"]');
      if (mark) { mark.scrollIntoView({ block: "center", behavior: "smooth" }); mark.classList.add("focus"); }
    });

    // Offsets: every run of text carries data-s, its start offset in the report text.
    function offsetOf(node, off) {
      var el = node.nodeType === 3 ? node.parentElement : node;
      var run = el && el.closest("[data-s]");
      if (!run || !text.contains(run)) return null;
      if (node.nodeType !== 3) return parseInt(run.getAttribute("data-s"), 10);
      return parseInt(run.getAttribute("data-s"), 10) + off;
    }
    var start = document.getElementById("add-start"), end = document.getElementById("add-end");
    var mention = document.getElementById("add-mention");
    var value = document.getElementById("add-value"), unit = document.getElementById("add-unit");
    text.addEventListener("mouseup", function () {
      var sel = window.getSelection();
      if (!sel || sel.isCollapsed || sel.rangeCount === 0) return;
      var r = sel.getRangeAt(0);
      var s = offsetOf(r.startContainer, r.startOffset), e = offsetOf(r.endContainer, r.endOffset);
      var str = sel.toString();
      if (s === null || e === null || e <= s || str.length !== e - s || str.length > 40 || str.indexOf("\n") >= 0) return;
      start.value = s; end.value = e; mention.value = str;
      var m = str.match(/^\s*([0-9]+(?:\.[0-9]+)?)\s*(.*)$/);
      if (m) { value.value = m[1]; unit.value = m[2]; }
      document.getElementById("add-box").classList.add("focus");
    });
    mention.addEventListener("input", function () { start.value = ""; end.value = ""; });
  }

  /* Import page: reject or restore an indicator through the JSON API, without reloading the page. */
  function initReject() {
    if (!window.fetch) return;
    document.querySelectorAll("form.reject-form[data-api]").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var rejected = form.getAttribute("data-rejected") === "1";
        var token = form.querySelector("input[name=csrf_token]").value;
        fetch(form.getAttribute("data-api"), {
          method: "PATCH", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
          body: JSON.stringify({ rejected: !rejected })
        }).then(function (r) {
          if (!r.ok) { form.submit(); return; }  // fall back to the plain form (shows the error page)
          var card = form.closest(".ind-card"), id = card.getAttribute("data-id");
          var now = !rejected;
          form.setAttribute("data-rejected", now ? "1" : "0");
          card.classList.toggle("rejected", now);
          var btn = form.querySelector("button");
          btn.textContent = now ? "恢复" : "剔除（误报）";
          btn.classList.toggle("danger", !now);
          document.querySelectorAll("mark.ind").forEach(function (m) {
            if ((m.getAttribute("data-ids") || "").split(",").indexOf(id) >= 0) m.classList.toggle("gone", now);
          });
        });
      });
    });
  }

  /* Ledger page: select all rows for bulk assignment. */
  function initBulk() {
    var all = document.getElementById("select-all");
    if (all) {
      all.addEventListener("change", function () {
        document.querySelectorAll("input[name=target_ids]").forEach(function (cb) { cb.checked = all.checked; });
      });
    }
    /* Review queue (and any list): <input data-select-all="NAME"> ticks every input[name=NAME]. */
    document.querySelectorAll("input[data-select-all]").forEach(function (box) {
      box.addEventListener("change", function () {
        var name = box.getAttribute("data-select-all");
        document.querySelectorAll("input[name='" + name + "']").forEach(function (cb) { cb.checked = box.checked; });
      });
    });
  }

  /* Charts: <div data-chart="ID"> with <script type="application/json" id="ID"> holding an ECharts option. */
  function initCharts() {
    if (typeof window.echarts === "undefined") return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var src = document.getElementById(el.getAttribute("data-chart"));
      if (!src) return;
      var option;
      try { option = JSON.parse(src.textContent); } catch (e) { return; }
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      // No animation: an office screen shows figures, and screenshots then show the final chart.
      if (option.animation === undefined) option.animation = false;
      chart.setOption(option);
      window.addEventListener("resize", function () { chart.resize(); });
      el.setAttribute("data-ready", "1");
    });
  }

  /* Forms with data-confirm ask before sending. */
  function initConfirm() {
    document.querySelectorAll("form[data-confirm]").forEach(function (f) {
      f.addEventListener("submit", function (ev) {
        if (!window.confirm(f.getAttribute("data-confirm"))) ev.preventDefault();
      });
    });
  }

  onReady(function () { initImport(); initReject(); initBulk(); initCharts(); initConfirm(); });
})();
