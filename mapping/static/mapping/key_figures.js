// The key figures' charts, drawn by Chart.js (served by the app) from the page's
// json_script "key-figures-charts". Each chart's numbers are also in the table below it.
(function () {
  "use strict";

  var source = document.getElementById("key-figures-charts");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent);
  var lang = (document.documentElement.lang || "fr").toLowerCase();
  // French number format (1 234,5) on a French page; the page's language otherwise.
  var locale = lang.indexOf("fr") === 0 ? "fr-FR" : lang;
  var numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  var palette = ["#1b6e3a", "#6a3d9a", "#b35806", "#2166ac", "#a1141f", "#01665e", "#8c510a", "#4d4d4d"];

  function formatted(value, unit) {
    var text = numbers.format(value);
    return unit ? text + "\u00a0" + unit : text;
  }

  function datasets(chart) {
    return chart.series.map(function (series, index) {
      var colour = palette[index % palette.length];
      if (chart.kind === "doughnut") {
        return {
          label: series.name,
          data: series.values,
          backgroundColor: series.values.map(function (_value, i) { return palette[i % palette.length]; })
        };
      }
      return { label: series.name, data: series.values, backgroundColor: colour, borderColor: colour };
    });
  }

  function options(chart) {
    var tooltip = {
      callbacks: {
        label: function (context) {
          var value = chart.kind === "doughnut" ? context.parsed : context.parsed.y;
          var name = chart.kind === "doughnut" ? context.label : context.dataset.label;
          return name + "\u00a0: " + formatted(value, chart.unit);
        }
      }
    };
    var settings = {
      locale: locale,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: chart.kind === "doughnut" || chart.series.length > 1 },
        tooltip: tooltip
      }
    };
    if (chart.kind !== "doughnut") {
      settings.scales = {
        y: {
          beginAtZero: true,
          ticks: { precision: 0, callback: function (value) { return numbers.format(value); } }
        }
      };
    }
    return settings;
  }

  charts.forEach(function (chart) {
    var canvas = document.getElementById(chart.id);
    if (!canvas) {
      return;
    }
    new window.Chart(canvas, {
      type: chart.kind,
      data: { labels: chart.labels, datasets: datasets(chart) },
      options: options(chart)
    });
  });
})();
