/* aiwatt web calculator: fills the form from the catalog, calls the JSON
 * API (POST /v1/estimate) and shows its answer. No library, nothing
 * fetched from elsewhere. Strings live in strings.js. */
"use strict";
(function () {
  var BOUNDARIES = ["accelerator", "server", "it", "facility"];
  /* The per-request figures most often quoted (ids in data/references.json). */
  var PUBLISHED = ["text-only-chatbot-2025", "google-gemini-2025", "epoch-chatgpt-2025",
                   "altman-chatgpt-2025", "de-vries-chatgpt-2023"];
  var UNCERTAINTY_DRAWS = 2000;
  var all = window.AIWATT_STRINGS || {};
  /* ?lang=XX first (a link can be shared), then the browser's preferences
   * ("ko-KR" matches "ko"), then English. */
  function pickLanguage() {
    var requested = new URLSearchParams(location.search).get("lang");
    if (requested && all[requested]) return requested;
    var preferred = navigator.languages || [navigator.language || ""];
    for (var i = 0; i < preferred.length; i++) {
      var base = String(preferred[i]).toLowerCase().split("-")[0];
      if (all[base]) return base;
    }
    return "en";
  }
  var lang = pickLanguage();
  var S = all[lang] || all.en || {};
  var number = new Intl.NumberFormat(lang, { maximumSignificantDigits: 3 });
  var refsPromise = null;

  function t(key, vars) {
    var s = S[key] !== undefined ? S[key] : (all.en && all.en[key]) || key;
    return s.replace(/\{(\w+)\}/g, function (_, k) { return vars && vars[k] !== undefined ? vars[k] : ""; });
  }
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /* 0.0152 -> "15.2 mWh"; 2.9 -> "2.9 Wh"; 1520 -> "1.52 kWh". */
  function energy(wh) {
    if (wh === null || wh === undefined || !isFinite(wh)) return "-";
    if (wh !== 0 && Math.abs(wh) < 0.1) return number.format(wh * 1000) + " mWh";
    if (Math.abs(wh) >= 1000) return number.format(wh / 1000) + " kWh";
    return number.format(wh) + " Wh";
  }
  function mass(g) { return g < 1 ? number.format(g * 1000) + " mg CO2e" : number.format(g) + " g CO2e"; }
  function volume(ml) { return ml < 1 ? number.format(ml * 1000) + " µL" : number.format(ml) + " mL"; }

  function translate() {
    document.documentElement.lang = lang;
    var nodes = document.querySelectorAll("[data-i18n]");
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = t(nodes[i].getAttribute("data-i18n"));
    document.title = t("title");
    /* The switch: a link per language, the current one marked. */
    var names = window.AIWATT_LANGUAGE_NAMES || {};
    var nav = $("languages");
    if (nav) {
      nav.setAttribute("aria-label", t("language"));
      Object.keys(all).forEach(function (code) {
        var a = el("a", { href: "?lang=" + code, hreflang: code, lang: code }, names[code] || code);
        if (code === lang) a.setAttribute("aria-current", "true");
        nav.appendChild(a);
        nav.appendChild(document.createTextNode(" "));
      });
    }
  }

  function getJSON(url, options) {
    return fetch(url, options).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, status: r.status, body: body }; });
    });
  }

  function fill(select, section) {
    return getJSON("/v1/catalog/" + section).then(function (r) {
      if (!r.ok) return;
      var list = r.body[section] || [];
      for (var i = 0; i < list.length; i++) {
        var e = list[i];
        select.appendChild(el("option", { value: e.id }, e.name && e.name !== e.id ? e.name + " (" + e.id + ")" : e.id));
      }
    }).catch(function () {});
  }

  function syncTask() {
    var media = $("task").value === "image" || $("task").value === "video";
    var fields = document.querySelectorAll(".tokens");
    for (var i = 0; i < fields.length; i++) {
      fields[i].hidden = media;
      fields[i].querySelector("input").disabled = media;
    }
  }

  function request() {
    var req = { task: $("task").value };
    ["model", "hardware", "datacenter", "grid"].forEach(function (k) {
      if ($(k).value) req[k] = $(k).value;
    });
    if (!$("input_tokens").disabled) {
      req.input_tokens = Number($("input_tokens").value);
      req.output_tokens = Number($("output_tokens").value);
    }
    req.uncertainty = UNCERTAINTY_DRAWS;
    return req;
  }

  function showError(body) {
    var box = $("error");
    box.textContent = "";
    box.appendChild(el("p", {}, body && body.error ? body.error : t("error_network")));
    if (body && body.hint) box.appendChild(el("p", { "class": "hint" }, body.hint));
    box.hidden = false;
  }

  function renderLadder(data) {
    var body = $("ladder").tBodies[0];
    body.textContent = "";
    var u = data.uncertainty || {};
    BOUNDARIES.forEach(function (b) {
      var row = el("tr", { "data-boundary": b });
      row.appendChild(el("th", { scope: "row" }, t("boundary_" + b)));
      row.appendChild(el("td", { "class": "num", "data-value": String(data.wh[b]) }, energy(data.wh[b])));
      var q = u[b];
      row.appendChild(el("td", q ? { "class": "num", "data-p5": String(q.p5), "data-p95": String(q.p95) } : { "class": "num" },
                         q ? energy(q.p5) + " - " + energy(q.p95) : "-"));
      body.appendChild(row);
    });
    var imp = $("impacts");
    imp.textContent = "";
    [[t("carbon"), mass(data.co2_g)], [t("water"), volume(data.water_ml)],
     [t("seconds"), number.format(data.seconds) + " s"]].forEach(function (p) {
      imp.appendChild(el("dt", {}, p[0]));
      imp.appendChild(el("dd", {}, p[1]));
    });
    var i = data.inputs || {};
    var media = i.task === "image" || i.task === "video";
    $("summary").textContent = t(media ? "summary_media" : "summary", {
      model: i.model, hardware: i.hardware, datacenter: i.datacenter,
      input: i.input_tokens, output: i.output_tokens });
  }

  function renderAssumptions(data) {
    var body = $("assumptions").tBodies[0];
    body.textContent = "";
    var inputs = (data.uncertainty && data.uncertainty.inputs) || [];
    inputs.forEach(function (a) {
      var row = el("tr");
      row.appendChild(el("th", { scope: "row" }, a.name.replace(/_/g, " ")));
      /* data-label names the column where a phone shows a row as a block. */
      row.appendChild(el("td", { "class": "num", "data-label": t("col_value") }, number.format(a.value)));
      row.appendChild(el("td", { "class": "num", "data-label": t("col_low_high") },
                         number.format(a.low) + " - " + number.format(a.high)));
      row.appendChild(el("td", { "class": "source", "data-label": t("col_source") }, a.source || ""));
      body.appendChild(row);
    });
    var dl = $("resolved");
    dl.textContent = "";
    for (var k in data.inputs || {}) {
      dl.appendChild(el("dt", {}, k.replace(/_/g, " ")));
      var v = data.inputs[k];
      dl.appendChild(el("dd", {}, typeof v === "number" ? number.format(v) : String(v)));
    }
  }

  /* A log scale from a tenth of the smallest figure to ten times the largest. */
  function renderPublished(data, refs) {
    var list = $("published");
    list.textContent = "";
    var q = data.uncertainty && data.uncertainty.facility;
    var mine = data.wh.facility;
    var chosen = PUBLISHED.map(function (id) {
      return refs.filter(function (r) { return r.id === id; })[0];
    }).filter(Boolean);
    var values = chosen.map(function (r) { return r.value; }).concat([mine, q ? q.p5 : mine, q ? q.p95 : mine]);
    var lo = Math.log10(Math.min.apply(null, values) / 2), hi = Math.log10(Math.max.apply(null, values) * 2);
    function pos(v) { return (100 * (Math.log10(v) - lo) / (hi - lo)).toFixed(1) + "%"; }
    var entries = [{ mine: true, value: mine }].concat(chosen.map(function (r) { return { ref: r, value: r.value }; }));
    entries.sort(function (a, b) { return a.value - b.value; });
    entries.forEach(function (e) {
      var li = el("li", e.mine ? { "class": "mine" } : { "data-ref": e.ref.id });
      var label = el("div", { "class": "label" });
      if (e.mine) {
        label.appendChild(el("strong", {}, t("this_estimate") + ": " + energy(mine)));
      } else {
        var a = el("a", { href: e.ref.url, rel: "noopener" }, e.ref.source);
        label.appendChild(el("strong", {}, energy(e.value) + " "));
        label.appendChild(document.createTextNode(e.ref.name + " (" + e.ref.boundary + " " + t("boundary_word") + "; "));
        label.appendChild(a);
        label.appendChild(document.createTextNode("); " + t("times_estimate", { x: number.format(e.value / mine) })));
      }
      li.appendChild(label);
      var scale = el("div", { "class": "scale", "aria-hidden": "true" });
      if (e.mine && q) {
        var band = el("span", { "class": "band" });
        band.style.left = pos(q.p5);
        band.style.width = "calc(" + pos(q.p95) + " - " + pos(q.p5) + ")";
        scale.appendChild(band);
      }
      var mark = el("span", { "class": "mark" });
      mark.style.left = pos(e.value);
      scale.appendChild(mark);
      li.appendChild(scale);
      list.appendChild(li);
    });
  }

  function submit(ev) {
    ev.preventDefault();
    var button = $("submit");
    button.disabled = true;
    $("status").textContent = t("working");
    $("error").hidden = true;
    if (!refsPromise) {
      refsPromise = getJSON("/v1/refs").then(function (r) { return r.ok ? r.body.references || [] : []; })
        .catch(function () { return []; });
    }
    getJSON("/v1/estimate", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request())
    }).then(function (r) {
      if (!r.ok) { showError(r.body); $("status").textContent = ""; return; }
      return refsPromise.then(function (refs) {
        renderLadder(r.body);
        renderPublished(r.body, refs);
        renderAssumptions(r.body);
        $("result").hidden = false;
        $("status").textContent = t("done");
        $("result-heading").focus();
      });
    }).catch(function () { showError(null); $("status").textContent = ""; })
      .then(function () { button.disabled = false; });
  }

  translate();
  $("task").addEventListener("change", syncTask);
  $("calc").addEventListener("submit", submit);
  syncTask();
  Promise.all([fill($("model"), "models"), fill($("hardware"), "hardware"),
               fill($("datacenter"), "datacenters"), fill($("grid"), "grids")])
    .then(function () { document.body.setAttribute("data-ready", "1"); });
})();
