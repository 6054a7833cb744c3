#!/usr/bin/env python3
"""Structure tests of `aiwatt report`'s chart (SVG), page (HTML) and Korean
table: the elements, labels, reference marks and caption a reader relies
on, not the bytes of a picture. Values are checked against the catalog
(data/references.json) and against `aiwatt estimate` / `report --format
json`, so a wrong mark or a mislabelled size fails.

usage: test_report_page.py AIWATT_BINARY SOURCE_DIR WORK_DIR
"""
import json
import os
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

BIN, SRC, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
SVG_NS = "{http://www.w3.org/2000/svg}"
os.makedirs(WORK, exist_ok=True)
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def run(*args, env=None, expect=0):
    e = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    e.update(env or {})
    p = subprocess.run([BIN, *args], capture_output=True, text=True, env=e)
    check(p.returncode == expect, f"{args}: exit {p.returncode}, expected {expect}: {p.stderr}")
    return p


def close(a, b, rel=1e-3):
    return abs(a - b) <= rel * max(abs(a), abs(b))


def width(s):
    """Terminal columns: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


KINDS = ["text", "average", "image-input", "long-context-10k", "long-context-100k",
         "reasoning", "image", "video", "agent"]
# The published figures drawn on each row (reference-library ids).
ROW_REFS = {
    "text": ["text-only-chatbot-2025", "google-gemini-2025", "epoch-chatgpt-2025"],
    "average": ["altman-chatgpt-2025", "de-vries-chatgpt-2023"],
    "long-context-10k": ["epoch-10k-input-2025"],
    "long-context-100k": ["epoch-100k-input-2025"],
}
refs = {r["id"]: r for r in json.load(open(os.path.join(SRC, "data", "references.json")))["references"]}
# The five figures the debate is about, with their value as published.
for rid, wh in [("text-only-chatbot-2025", 0.2), ("google-gemini-2025", 0.24),
                ("epoch-chatgpt-2025", 0.3), ("altman-chatgpt-2025", 0.34),
                ("de-vries-chatgpt-2023", 2.9)]:
    check(refs[rid]["value"] == wh and refs[rid]["unit"] == "Wh", f"catalog {rid} is not {wh} Wh")

svg_path, html_path = os.path.join(WORK, "chart.svg"), os.path.join(WORK, "page.html")
table_en = run("report", "--svg", svg_path, "--html", html_path).stdout
report = {r["kind"]: r for r in json.loads(run("report", "--format", "json").stdout)["requests"]}

# ---- The chart ---------------------------------------------------------
root = ET.parse(svg_path).getroot()
check(root.tag == SVG_NS + "svg", "root is not <svg>")
vb = root.get("viewBox").split()
check(vb[:3] == ["0", "0", "1200"] and root.get("width") == "1200", f"viewBox {vb}: not 1200 wide")
texts = " ".join("".join(t.itertext()) for t in root.iter(SVG_NS + "text"))
check("How much energy does one AI request use?" in texts, "title missing")
rows = [g for g in root.iter(SVG_NS + "g") if g.get("class") == "row"]
check([g.get("data-kind") for g in rows] == KINDS, f"rows {[g.get('data-kind') for g in rows]}")
okabe_ito = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "white"}
for g in rows:
    kind = g.get("data-kind")
    dot = [c for c in g.iter(SVG_NS + "circle") if c.get("class") == "estimate"]
    whisker = [w for w in g.iter(SVG_NS + "g") if w.get("class") == "whisker"]
    check(len(dot) == 1 and len(whisker) == 1, f"{kind}: one dot and one whisker")
    if not dot or not whisker:
        continue
    wh, p5, p95 = (float(dot[0].get("data-wh")), float(whisker[0].get("data-p5")),
                   float(whisker[0].get("data-p95")))
    check(close(wh, report[kind]["wh"]["facility"]), f"{kind}: dot {wh} != report json")
    rng = report[kind]["facility_wh_range"]
    check(close(p5, rng["p5"]) and close(p95, rng["p95"]), f"{kind}: whisker != json range")
    # The range is real: it holds the central estimate and spans more than 10 %.
    check(p5 < wh < p95 and p95 / p5 > 1.1, f"{kind}: range {p5}..{p95} around {wh}")
    check(dot[0].get("fill") in okabe_ito, f"{kind}: dot colour {dot[0].get('fill')}")
    # Published figures: the rows they belong to, at their catalog value.
    marks = [m for m in g.iter(SVG_NS + "g") if m.get("class") == "ref"]
    check([m.get("data-ref") for m in marks] == ROW_REFS.get(kind, []), f"{kind}: marks")
    for m in marks:
        r = refs[m.get("data-ref")]
        check(close(float(m.get("data-wh")), r["value"]), f"{kind}: {r['id']} not at {r['value']}")
        check(m.get("data-boundary") == r["boundary"], f"{r['id']}: boundary")
    key = [t for t in g.iter(SVG_NS + "text") if t.get("class") == "refkey"]
    if marks:
        keytext = "".join(key[0].itertext()) if key else ""
        for m in marks:
            name = refs[m.get("data-ref")]["source"].split(",")[0]
            check(name in keytext, f"{kind}: source '{name}' not named on the row")
    # The split is a linear 100 % bar: four segments summing to its width.
    split = [s for s in g.iter(SVG_NS + "g") if s.get("class") == "split"][0]
    widths = [float(r.get("width")) for r in split.iter(SVG_NS + "rect")]
    check(len(widths) == 4 and abs(sum(widths) - 266) < 0.5, f"{kind}: split widths {widths}")
    acc = report[kind]["wh"]["accelerator"] / report[kind]["wh"]["facility"]
    check(abs(float(split.get("data-accelerator-share")) - acc) < 1e-3, f"{kind}: split share")
    check(abs(widths[0] / 266 - acc) < 0.01, f"{kind}: accelerator segment is not {acc:.2f}")
# Sizes: the image and video rows are estimate's defaults, and say so.
for kind, task in [("image", "image"), ("video", "video")]:
    inp = json.loads(run("estimate", "--task", task, "--format", "json").stdout)["inputs"]
    g = rows[KINDS.index(kind)]
    sub = "".join(next(t for t in g.iter(SVG_NS + "text") if t.get("class") == "sublabel").itertext())
    check(f"{inp['width']}x{inp['height']} px" in sub, f"{kind}: '{sub}' is not estimate's size")
caption = "".join("".join(t.itertext()) for g in root.iter(SVG_NS + "g")
                  if g.get("class") == "caption" for t in g.iter(SVG_NS + "text"))
# The text row names its model (gpt-4o), so it runs where the provider
# serves it (the model's serving profile), as `estimate --model gpt-4o` does.
text_in = json.loads(run("estimate", "--model", "gpt-4o", "--format", "json").stdout)["inputs"]
for needle in ["roofline", "Data centre " + text_in["datacenter"], "PUE %.2f" % text_in["pue"],
               "grid " + text_in["grid"], "2000 draws", "seed 1", "1280x720 px, 81 frames"]:
    check(needle in caption, f"caption lacks '{needle}'")
check("8 x h100-sxm fp8, batch 64" in texts, "model, GPUs and batch not on the text row")

# ---- The page ----------------------------------------------------------


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.links, self.ids, self.text = [], [], {}, []
        self.lang = None
        self.external = []
        self.rows = {}
        self.table = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids[a["id"]] = tag
        if tag == "table":
            self.table = a.get("id")
        if tag == "tr" and self.table:
            self.rows.setdefault(self.table, []).append(a)
        if tag == "a":
            self.links.append(a.get("href"))
        for k, v in a.items():
            if k in ("src", "srcset", "action", "data") or (k == "href" and tag != "a"):
                self.external.append((tag, k, v))

    def handle_data(self, data):
        self.text.append(data)


def parse_page(path):
    p = Page()
    p.feed(open(path, encoding="utf-8").read())
    return p


page = parse_page(html_path)
body = "".join(page.text)
check(page.lang == "en", f"html lang {page.lang}")
for tag in ("script", "link", "img", "iframe", "object", "embed"):
    check(tag not in page.tags, f"page has <{tag}>: not self-contained")
check(not page.external, f"page fetches {page.external}")
check("svg" in page.tags and "style" in page.tags, "chart or CSS not inline")
check("@media print" in body or "@media print" in open(html_path).read(), "no print CSS")
for tid in ("numbers", "reconciliation", "levers", "training"):
    check(page.ids.get(tid) == "table", f"no table #{tid}")
check(len(page.rows.get("numbers", [])) == 1 + len(KINDS), "numbers table rows")
recon = [r.get("data-ref") for r in page.rows.get("reconciliation", []) if r.get("data-ref")]
check(recon == [i for k in KINDS for i in ROW_REFS.get(k, [])], f"reconciliation rows {recon}")
levers = {r.get("data-lever") for r in page.rows.get("levers", []) if r.get("data-lever")}
check({"model", "batch", "precision", "hardware", "grid"} <= levers, f"levers {levers}")
for rid in [i for k in KINDS for i in ROW_REFS.get(k, [])]:
    check(refs[rid]["url"] in page.links, f"source {rid} not linked")
check(all(h.startswith("https://") or h.startswith("http://") for h in page.links), "odd links")
for needle in ["Why the published figures differ", "What would cut it",
               "Training and a service at scale", "Sources", "households"]:
    check(needle in body, f"page lacks '{needle}'")

# ---- Korean ------------------------------------------------------------
ko_svg, ko_html = os.path.join(WORK, "chart-ko.svg"), os.path.join(WORK, "page-ko.html")
table_ko = run("report", "--lang", "ko", "--svg", ko_svg, "--html", ko_html).stdout
check("요청당 Wh" in table_ko and "텍스트 전용 채팅 요청" in table_ko, "--lang ko table not Korean")
check("text-only chat request" not in table_ko, "--lang ko table still English")
root_ko = ET.parse(ko_svg).getroot()
texts_ko = " ".join("".join(t.itertext()) for t in root_ko.iter(SVG_NS + "text"))
check("AI 요청 한 번에 전력이 얼마나 들까?" in texts_ko and "데이터센터" in texts_ko, "SVG not Korean")
page_ko = parse_page(ko_html)
check(page_ko.lang == "ko" and "발표된 수치들은 왜 다를까" in "".join(page_ko.text), "page not Korean")
# The environment chooses too, in POSIX order; English stays the default.
for env in ({"LANG": "ko_KR.UTF-8"}, {"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "C"},
            {"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}):
    check("요청당 Wh" in run("report", env=env).stdout, f"{env}: not Korean")
for env in ({}, {"LANG": "C"}, {"LANG": "de_DE.UTF-8"}, {"LC_ALL": "en_GB.UTF-8", "LANG": "ko_KR.UTF-8"}):
    check("Wh per request" in run("report", env=env).stdout, f"{env}: not English")
check("Wh per request" in run("report", "--lang", "en", env={"LANG": "ko_KR.UTF-8"}).stdout,
      "--lang en does not override LANG")
bad = run("report", "--lang", "xx", expect=2)
check("--lang 'xx'" in bad.stderr and bad.stdout == "", "--lang xx: message or stdout")
# Both tables fit 80 columns of a terminal.
for name, out in (("en", table_en), ("ko", table_ko)):
    for line in out.splitlines():
        if WORK in line:  # "chart written to PATH": as long as the path
            continue
        check(width(line) <= 80, f"{name}: {width(line)} columns: {line}")

if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print(f"ok: {len(KINDS)} rows, {len(recon)} published figures, chart, page and Korean checked")
