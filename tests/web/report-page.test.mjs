// The report page in a real browser (headless Debian chromium through
// playwright-core): it renders with the network off and nothing fetched,
// its text is what a reader should read, it fits a phone without the page
// scrolling sideways, and it prints to PDF. Screenshots are kept in the
// build directory as artefacts.
//
// usage: node report-page.test.mjs AIWATT_BINARY OUT_DIR
// Exit 77 (ctest: skipped) when playwright-core (npm ci in tests/web) or
// chromium is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [bin, out] = process.argv.slice(2);
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  console.log('SKIP: playwright-core missing (run npm ci in tests/web)');
  process.exit(77);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.log(`SKIP: no chromium at ${executablePath}`);
  process.exit(77);
}
mkdirSync(out, { recursive: true });
const failures = [];
const check = (cond, what) => { if (!cond) failures.push(what); };

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
try {
  for (const lang of ['en', 'ko']) {
    const html = join(out, `report-page-${lang}.html`);
    const svg = join(out, `report-chart-${lang}.svg`);
    execFileSync(bin, ['report', '--lang', lang, '--html', html, '--svg', svg], { stdio: 'ignore' });
    const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
    const fetched = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      fetched.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    check(fetched.length === 0, `${lang}: the page fetched ${fetched.join(', ')}`);
    check(errors.length === 0, `${lang}: console errors ${errors.join('; ')}`);

    const text = await page.innerText('body');
    const expected = lang === 'en'
      ? ['How much energy does one AI request use?', 'text-only chat request', 'Why the published figures differ',
         'What would cut it', 'Training and a service at scale', 'Sources', 'Elsworth et al. (Google)',
         'Sam Altman', 'Alex de Vries']
      : ['AI 요청 한 번에 전력이 얼마나 들까?', '텍스트 전용 채팅 요청', '발표된 수치들은 왜 다를까',
         '무엇을 바꾸면 줄어들까', '학습, 그리고 서비스 규모', '출처', 'Elsworth et al. (Google)'];
    for (const s of expected) check(text.includes(s), `${lang}: page text lacks '${s}'`);
    // The chart's words are text (selectable, searchable), drawn at a readable size.
    const chart = page.locator('figure#chart svg');
    const box = await chart.boundingBox();
    check(box && box.width >= 1100 && box.width <= 1210, `${lang}: chart ${box && box.width} px wide at 1280`);
    const chartText = await chart.evaluate((s) => s.textContent);
    check(/0\.24 Wh/.test(chartText) && /2\.9 Wh/.test(chartText), `${lang}: published figures not in the chart text`);
    const smallestText = () => chart.evaluate((s) => {
      const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
      return Math.min(...[...s.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale));
    });
    const smallest = await smallestText();
    check(smallest >= 10.5, `${lang}: smallest chart text ${smallest.toFixed(1)} px at 1280`);
    await page.screenshot({ path: join(out, `report-page-${lang}.png`), fullPage: true });
    await chart.screenshot({ path: join(out, `report-chart-${lang}.png`) });

    // A phone: the page itself does not scroll sideways (the chart does, in its box).
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 1, `${lang}: page ${overflow} px wider than a 390 px phone`);
    const rowsVisible = await page.locator('#numbers tbody tr').count();
    check(rowsVisible === 9, `${lang}: numbers table has ${rowsVisible} rows`);
    // The chart keeps its words readable on the phone (it scrolls in its box).
    const smallestPhone = await smallestText();
    check(smallestPhone >= 8.5, `${lang}: smallest chart text ${smallestPhone.toFixed(1)} px on a phone`);
    await page.screenshot({ path: join(out, `report-page-${lang}-phone.png`) });

    // Prints: a PDF of the page, several pages long, with the chart inside.
    const pdf = join(out, `report-page-${lang}.pdf`);
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pdf, format: 'A4', landscape: true, printBackground: true });
    const head = readFileSync(pdf).subarray(0, 5).toString();
    check(head === '%PDF-' && statSync(pdf).size > 30000, `${lang}: PDF ${statSync(pdf).size} bytes`);
    await context.close();
  }
} finally {
  await browser.close();
}
if (failures.length) {
  for (const f of failures) console.log(`FAIL: ${f}`);
  process.exit(1);
}
console.log(`ok: page in en and ko, offline, phone and PDF; screenshots in ${out}`);
