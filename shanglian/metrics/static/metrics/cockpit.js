// 数据驾驶舱: one request for every figure of the page, then cards per section and ECharts charts.
// Every number and chart segment links to its drill page (the records it counts).
(function () {
  "use strict";
  var picker = document.getElementById("f-period");
  function showFields() {
    var kind = picker ? picker.value : "year";
    document.querySelectorAll("#cockpit-picker [data-for]").forEach(function (el) {
      var on = el.getAttribute("data-for").split(" ").indexOf(kind) >= 0;
      el.classList.toggle("d-none", !on);
      el.querySelectorAll("input,select").forEach(function (i) { i.disabled = !on; });
    });
  }
  if (picker) { picker.addEventListener("change", showFields); showFields(); }

  var root = document.getElementById("cockpit");
  if (!root) { return; }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function fmt(v, unit) {
    var n = Number(v || 0);
    var s = unit === "万元" ? n.toFixed(2) : (Math.round(n * 10) / 10).toString();
    return s + (unit === "%" ? "%" : "");
  }
  function delta(now, before, unit, label, url) {
    var d = Number(now || 0) - Number(before || 0);
    var a = el("a", "text-reset me-2");
    a.href = url;
    a.title = label + "：" + fmt(before, unit) + (unit === "%" ? "" : " " + unit);
    var cls = d > 0 ? "text-green" : (d < 0 ? "text-red" : "text-secondary");
    var sign = d > 0 ? "↑" : (d < 0 ? "↓" : "→");
    a.appendChild(el("span", "", label + " "));
    a.appendChild(el("span", cls, sign + fmt(Math.abs(d), unit)));
    return a;
  }
  function card(c) {
    var col = el("div", "col-6 col-sm-4 col-lg-3 col-xl-2");
    var box = el("div", "card card-sm h-100 metric-card");
    box.setAttribute("data-key", c.key);
    var body = el("div", "card-body");
    body.appendChild(el("div", "text-secondary small text-truncate", c.label)).title = c.label;
    var value = el("a", "h2 mb-0 d-block text-reset metric-value");
    value.href = c.url;
    value.textContent = fmt(c.value, c.unit);
    value.appendChild(el("span", "fs-5 text-secondary ms-1", c.unit === "%" ? "" : c.unit));
    body.appendChild(value);
    if (c.unit === "%") {
      var parts = el("div", "small text-secondary");
      var num = el("a", "text-reset", String(c.numerator || 0)); num.href = c.url;
      var den = el("a", "text-reset", String(c.denominator || 0)); den.href = c.denominator_url;
      parts.appendChild(num); parts.appendChild(document.createTextNode(" / ")); parts.appendChild(den);
      body.appendChild(parts);
    }
    var cmp = el("div", "small mt-1");
    cmp.appendChild(delta(c.value, c.previous, c.unit, "环比", c.previous_url));
    cmp.appendChild(delta(c.value, c.last_year, c.unit, "同比", c.last_year_url));
    body.appendChild(cmp);
    box.appendChild(body);
    col.appendChild(box);
    return col;
  }

  var charts = [];
  function option(ch) {
    var data = ch.data.map(function (d) { return { name: d.name, value: d.value, url: d.url }; });
    var empty = data.every(function (d) { return !d.value; });
    var base = { tooltip: { trigger: "item" }, animation: false };
    if (empty) {
      base.graphic = { type: "text", left: "center", top: "middle", style: { text: "暂无数据", fill: "#999", fontSize: 14 } };
    }
    if (ch.type === "pie") {
      base.legend = { bottom: 0, type: "scroll" };
      base.series = [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], data: data,
        label: { formatter: "{b}\n{c}" } }];
    } else if (ch.type === "gauge") {
      base.series = data.map(function (d, i) {
        return { type: "gauge", min: 0, max: 100, radius: "70%", center: [(25 + 50 * i) + "%", "55%"],
          startAngle: 210, endAngle: -30, progress: { show: true, width: 10 }, axisLine: { lineStyle: { width: 10 } },
          axisLabel: { show: false }, splitLine: { show: false }, axisTick: { show: false }, pointer: { show: false },
          title: { offsetCenter: [0, "70%"], fontSize: 12 }, detail: { formatter: "{value}%", fontSize: 18, offsetCenter: [0, 0] },
          data: [d] };
      });
    } else if (ch.type === "hbar") {
      // Long labels (the campaigns' figures): categories down the side, the figure at each bar's end.
      base.grid = { left: 8, right: 32, top: 8, bottom: 8, containLabel: true };
      base.yAxis = { type: "category", inverse: true, data: data.map(function (d) { return d.name; }),
        axisLabel: { fontSize: 11, width: 150, overflow: "truncate" } };
      base.xAxis = { type: "value", minInterval: 1 };
      base.series = [{ type: "bar", data: data, barMaxWidth: 18, label: { show: true, position: "right" } }];
    } else {
      base.grid = { left: 8, right: 8, top: 24, bottom: 8, containLabel: true };
      base.xAxis = { type: "category", data: data.map(function (d) { return d.name; }),
        axisLabel: { interval: 0, fontSize: 11, formatter: function (v) { return v.replace("·", "\n"); } } };
      base.yAxis = { type: "value", minInterval: 1 };
      base.series = [{ type: "bar", data: data, barMaxWidth: 36, label: { show: true, position: "top" } }];
    }
    return base;
  }
  function chart(ch) {
    var col = el("div", "col-12 col-md-6 col-xl-4");
    var box = el("div", "card h-100");
    box.setAttribute("data-chart", ch.id);
    var head = el("div", "card-header");
    head.appendChild(el("h3", "card-title", ch.title));
    if (ch.note) { head.appendChild(el("span", "ms-auto text-secondary small", ch.note)); }
    box.appendChild(head);
    var area = el("div", "card-body p-2");
    var canvas = el("div", "cockpit-chart");
    canvas.style.height = "240px";
    area.appendChild(canvas);
    box.appendChild(area);
    col.appendChild(box);
    document.getElementById("cockpit-charts").appendChild(col);
    var c = echarts.init(canvas, null, { renderer: "canvas" });
    c.setOption(option(ch));
    c.on("click", function (p) { if (p.data && p.data.url) { window.location.href = p.data.url; } });
    charts.push(c);
  }
  function render(data) {
    document.getElementById("cockpit-compare").textContent =
      "环比：" + data.previous + "；同比：" + data.last_year;
    data.charts.forEach(chart);
    var sections = document.getElementById("cockpit-sections");
    sections.textContent = "";
    data.sections.forEach(function (s) {
      var wrap = el("div", "mb-3");
      wrap.setAttribute("data-section", s.name);
      wrap.appendChild(el("h3", "mb-2", s.name));
      var row = el("div", "row row-cards");
      s.cards.forEach(function (c) { row.appendChild(card(c)); });
      wrap.appendChild(row);
      sections.appendChild(wrap);
    });
    root.setAttribute("data-loaded", "1");
  }
  fetch(root.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
    .then(function (res) {
      if (!res.ok) { throw new Error(res.body.message || "加载失败"); }
      render(res.body);
    })
    .catch(function (e) {
      var s = document.getElementById("cockpit-sections");
      s.textContent = "";
      s.appendChild(el("div", "alert alert-danger", "数据加载失败：" + e.message));
    });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
