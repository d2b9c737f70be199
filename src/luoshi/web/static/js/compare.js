/* 横向比较: a click on a bar opens the sentence its figure comes from. The chart itself is drawn by
   luoshi.js (data-chart); data-links names a JSON list of one link per bar, in bar order. */
(function () {
  "use strict";
  function linkCharts() {
    if (typeof window.echarts === "undefined") return;
    document.querySelectorAll("[data-links]").forEach(function (el) {
      var chart = window.echarts.getInstanceByDom(el);
      var src = document.getElementById(el.getAttribute("data-links"));
      if (!chart || !src) return;
      var links;
      try { links = JSON.parse(src.textContent); } catch (e) { return; }
      chart.on("click", function (p) {
        var href = links[p.dataIndex];
        if (href && href.charAt(0) === "/") window.location.href = href;
      });
      el.setAttribute("data-linked", "1");
    });
  }
  window.addEventListener("load", linkCharts);
})();
