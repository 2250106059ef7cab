/* Hexie page behaviour. No inline scripts (CSP): pages declare what they need with data-*
 * attributes and json_script tags, and this file wires them up. */
(function () {
  "use strict";

  var charts = [];

  function barChart(element) {
    var source = document.getElementById(element.dataset.chartSource);
    if (!source || typeof echarts === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var narrow = element.clientWidth < 576;
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption({
      color: ["#206bc4", "#f59f00"],
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: narrow ? 28 : 8, bottom: 8, top: 36, containLabel: true },
      xAxis: narrow
        ? { type: "value", minInterval: 1 }
        : { type: "category", data: data.categories, axisLabel: { interval: 0, rotate: data.categories.length > 8 ? 30 : 0 } },
      yAxis: narrow
        ? { type: "category", data: data.categories, inverse: true }
        : [{ type: "value", minInterval: 1 }, { type: "value", minInterval: 1, splitLine: { show: false } }],
      series: data.series.map(function (s, i) {
        return {
          name: s.name,
          type: "bar",
          data: s.data,
          yAxisIndex: narrow ? 0 : i,
          barMaxWidth: 28,
          label: { show: data.categories.length <= 12, position: narrow ? "right" : "top" }
        };
      })
    });
    charts.push(chart);
  }

  function confirmSubmit(event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }

  function copyButton(event) {
    var button = event.target.closest("[data-copy]");
    if (!button) {
      return;
    }
    var target = document.getElementById(button.dataset.copy);
    if (target && navigator.clipboard) {
      navigator.clipboard.writeText(target.value || target.textContent);
      button.classList.add("btn-success");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart=bar]").forEach(barChart);
    document.addEventListener("submit", confirmSubmit, true);
    document.addEventListener("click", copyButton);
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  });
})();
