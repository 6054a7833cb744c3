// The web calculator in headless Debian Chromium (playwright-core drives it;
// no browser is downloaded). usage: node calculator.mjs BASE_URL OUT_DIR
// Checks, each failure printed as "FAIL: ...", exit 1 if any:
//   - the form is filled from the catalog; a request is submitted; the
//     ladder shows exactly the figures POST /v1/estimate returns for it;
//   - the same request done with the keyboard only (Tab, arrows, Enter);
//   - every form control has a label; an invalid request shows the API's
//     error and hint in an alert;
//   - a screenshot of the result is saved in OUT_DIR (a test artefact);
//   - in Korean (?lang=ko, and a browser preferring ko-KR): every string
//     translated, no English label left, the same figures as the API.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const [base, outDir] = process.argv.slice(2);
const CHROMIUM = process.env.AIWATT_CHROMIUM || "/usr/bin/chromium";
const failures = [];
const fail = (msg) => { console.log("FAIL: " + msg); failures.push(msg); };
const check = (cond, msg) => { if (!cond) fail(msg); return cond; };

const request = { task: "chat", model: "llama-3.1-8b", hardware: "h100-sxm",
                  input_tokens: 1000, output_tokens: 500 };

async function apiEstimate(page, body) {
  return page.evaluate(async (b) => {
    const r = await fetch("/v1/estimate", { method: "POST", body: JSON.stringify(b),
                                            headers: { "Content-Type": "application/json" } });
    return { status: r.status, body: await r.json() };
  }, body);
}

async function ladder(page) {
  return page.$$eval("#ladder tbody tr", (rows) => rows.map((r) => ({
    boundary: r.getAttribute("data-boundary"),
    value: Number(r.cells[1].getAttribute("data-value")),
    text: r.cells[1].textContent,
    p5: Number(r.cells[2].getAttribute("data-p5")),
    p95: Number(r.cells[2].getAttribute("data-p95")),
  })));
}

async function compareWithApi(page, how) {
  await page.waitForSelector("#result:not([hidden])", { timeout: 30000 });
  const shown = await ladder(page);
  const api = await apiEstimate(page, { ...request, uncertainty: 2000 });
  check(api.status === 200, `${how}: API status ${api.status}`);
  check(shown.length === 4, `${how}: ladder has ${shown.length} rows, want 4`);
  for (const row of shown) {
    const want = api.body.wh[row.boundary];
    check(row.value === want, `${how}: ${row.boundary} shows ${row.value}, API says ${want}`);
    const q = api.body.uncertainty[row.boundary];
    check(row.p5 === q.p5 && row.p95 === q.p95,
          `${how}: ${row.boundary} p5-p95 ${row.p5}-${row.p95}, API ${q.p5}-${q.p95}`);
    check(row.p5 <= row.value * 1.5 && row.value <= row.p95 * 1.5, `${how}: range around value`);
  }
  // The facility figure as text: 3 significant digits of the API's value.
  const fac = shown.find((r) => r.boundary === "facility");
  const wantText = api.body.wh.facility < 0.1
    ? Number((api.body.wh.facility * 1000).toPrecision(3)) : Number(api.body.wh.facility.toPrecision(3));
  check(fac && Number(fac.text.replace(/[^0-9.]/g, "")) === wantText,
        `${how}: facility text '${fac && fac.text}' is not ${wantText}`);
  const published = await page.$$eval("#published li[data-ref]", (l) => l.map((e) => e.getAttribute("data-ref")));
  for (const id of ["text-only-chatbot-2025", "google-gemini-2025", "epoch-chatgpt-2025",
                    "altman-chatgpt-2025", "de-vries-chatgpt-2023"]) {
    check(published.includes(id), `${how}: published figure ${id} not shown`);
  }
  const sources = await page.$$eval("#assumptions tbody tr td.source", (c) => c.map((e) => e.textContent));
  check(sources.length > 3 && sources.every((s) => s.length > 0), `${how}: assumptions without sources`);
  const impacts = await page.textContent("#impacts");
  check(/CO2e/.test(impacts) && /(mL|µL)/.test(impacts), `${how}: carbon and water missing: ${impacts}`);
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
                                        args: ["--no-sandbox", "--disable-gpu"] });
try {
  // ---- mouse-free form filling through the DOM, as a user would ---------
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } }); // a phone
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("requestfailed", (r) => errors.push("request failed: " + r.url()));
  page.on("request", (r) => { if (!r.url().startsWith(base)) errors.push("external request: " + r.url()); });
  await page.goto(base + "/");
  await page.waitForSelector("body[data-ready='1']");
  const unlabelled = await page.$$eval("select, input, button", (els) => els.filter((e) =>
    e.tagName !== "BUTTON" && !(e.labels && e.labels.length)).map((e) => e.id));
  check(unlabelled.length === 0, "controls without a label: " + unlabelled.join(", "));
  check(await page.$$eval("#model option", (o) => o.length) > 20, "model list not filled from the catalog");
  await page.selectOption("#task", request.task);
  await page.selectOption("#model", request.model);
  await page.selectOption("#hardware", request.hardware);
  await page.fill("#input_tokens", String(request.input_tokens));
  await page.fill("#output_tokens", String(request.output_tokens));
  await page.click("#submit");
  await compareWithApi(page, "form");
  mkdirSync(outDir, { recursive: true });
  await page.screenshot({ path: join(outDir, "web-calculator.png"), fullPage: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 390, `the page is ${width} px wide on a 390 px phone (scrolls sideways)`);
  check(errors.length === 0, "page errors: " + errors.join("; "));

  // ---- image task: token fields hidden, the ladder still filled ----------
  await page.selectOption("#task", "image");
  check(await page.isHidden("#input_tokens"), "token fields shown for an image");
  await page.selectOption("#model", "");
  await page.click("#submit");
  await page.waitForFunction(() => document.querySelector("#status").textContent.length > 0 &&
                             !document.querySelector("#submit").disabled);
  const img = await ladder(page);
  const apiImg = await apiEstimate(page, { task: "image", hardware: "h100-sxm", uncertainty: 2000 });
  check(apiImg.status === 200 && img.length === 4 && img[3].value === apiImg.body.wh.facility,
        `image: ladder ${img.length && img[3].value} vs API ${apiImg.body.wh && apiImg.body.wh.facility}`);

  // ---- an error from the API is shown with its hint -----------------------
  await page.selectOption("#task", "chat");
  await page.fill("#output_tokens", "-5");
  await page.click("#submit");
  await page.waitForSelector("#error:not([hidden])", { timeout: 30000 });
  const errText = await page.textContent("#error");
  check(errText.length > 10 && (await page.getAttribute("#error", "role")) === "alert",
        "the API's error is not shown in an alert: " + errText);
  await page.close();

  // ---- keyboard only ---------------------------------------------------------
  const kb = await browser.newPage();
  await kb.goto(base + "/");
  await kb.waitForSelector("body[data-ready='1']");
  // Tab order: task, model, input, output, hardware, datacentre, grid, submit.
  const order = [];
  for (let i = 0; i < 8; i++) {
    await kb.keyboard.press("Tab");
    order.push(await kb.evaluate(() => document.activeElement.id));
  }
  check(order.join(",") === "task,model,input_tokens,output_tokens,hardware,datacenter,grid,submit",
        "tab order: " + order.join(","));
  // Choose by typing into the focused selects, as a keyboard user does.
  const focus = async (id) => {
    await kb.evaluate(() => document.activeElement.blur());
    for (let i = 0; i < 12; i++) {
      await kb.keyboard.press("Tab");
      if ((await kb.evaluate(() => document.activeElement.id)) === id) return;
    }
    fail("cannot reach #" + id + " with Tab");
  };
  // A closed select changes with the arrow keys, as a keyboard user does.
  const arrowTo = async (id, want) => {
    await focus(id);
    for (let i = 0; i < 300 && (await kb.inputValue("#" + id)) !== want; i++)
      await kb.keyboard.press("ArrowDown");
    check((await kb.inputValue("#" + id)) === want, `arrow keys did not reach ${want} on #${id}`);
  };
  await arrowTo("model", request.model);
  await focus("input_tokens");
  await kb.keyboard.press("Control+A");
  await kb.keyboard.type(String(request.input_tokens));
  await kb.keyboard.press("Tab");
  await kb.keyboard.press("Control+A");
  await kb.keyboard.type(String(request.output_tokens));
  await arrowTo("hardware", request.hardware);
  await kb.keyboard.press("Tab"); // data centre
  await kb.keyboard.press("Tab"); // grid
  await kb.keyboard.press("Tab"); // the button
  check((await kb.evaluate(() => document.activeElement.id)) === "submit", "Tab does not reach the button");
  await kb.keyboard.press("Enter");
  await compareWithApi(kb, "keyboard");
  check((await kb.evaluate(() => document.activeElement.id)) === "result-heading",
        "focus does not move to the result");
  await kb.close();

  // ---- Korean: ?lang=ko, and a browser that prefers Korean ----------------
  // Every English key has a Korean string; the page shows no English label;
  // a request gives the same figures as the API; a screenshot is kept.
  for (const how of ["?lang=ko", "locale ko-KR"]) {
    const ctx = await browser.newContext(how.startsWith("?") ? {} : { locale: "ko-KR" });
    const ko = await ctx.newPage();
    ko.setViewportSize({ width: 390, height: 844 });
    await ko.goto(base + "/" + (how.startsWith("?") ? how : ""));
    await ko.waitForSelector("body[data-ready='1']");
    check((await ko.getAttribute("html", "lang")) === "ko", `${how}: <html lang> is not ko`);
    const missing = await ko.evaluate(() => Object.keys(window.AIWATT_STRINGS.en)
      .filter((k) => !(k in window.AIWATT_STRINGS.ko) || !/[\uAC00-\uD7A3]/.test(window.AIWATT_STRINGS.ko[k]) && k !== "col_range"));
    check(missing.length === 0, `${how}: keys without a Korean string: ${missing.join(", ")}`);
    const english = await ko.$$eval("[data-i18n]", (n) => n.map((e) => e.textContent)
      .filter((t) => !/[\uAC00-\uD7A3]/.test(t) && t !== "p5-p95"));
    check(english.length === 0, `${how}: labels left in English: ${english.join(" | ")}`);
    check((await ko.title()) === "AI 요청 한 번에 전력이 얼마나 들까?", `${how}: title ${await ko.title()}`);
    await ko.selectOption("#model", request.model);
    await ko.selectOption("#hardware", request.hardware);
    await ko.fill("#input_tokens", String(request.input_tokens));
    await ko.fill("#output_tokens", String(request.output_tokens));
    await ko.click("#submit");
    await compareWithApi(ko, how);
    check(/요청당 전력량/.test(await ko.textContent("#result-heading")), `${how}: result heading not Korean`);
    const current = await ko.$$eval("#languages a[aria-current]", (a) => a.map((e) => e.textContent));
    check(current.join() === "한국어", `${how}: language switch marks ${current.join()}`);
    const koWidth = await ko.evaluate(() => document.documentElement.scrollWidth);
    check(koWidth <= 390, `${how}: the page is ${koWidth} px wide on a 390 px phone`);
    if (how.startsWith("?"))
      await ko.screenshot({ path: join(outDir, "web-calculator-ko.png"), fullPage: true });
    await ctx.close();
  }
} finally {
  await browser.close();
}
if (failures.length) { console.log(`${failures.length} browser check(s) failed`); process.exit(1); }
console.log("all browser checks passed");
