/**
 * `mot report --format html` and `--format markdown` over the fixture
 * repository test/fixtures/report: the page is checked with a real HTML
 * parser (parse5: no script element, nothing that would be fetched, a strict
 * Content-Security-Policy, one trend chart per customer with dated calls, the
 * scale labelled with the course's meanings), and rendered in headless
 * Chromium (installed by scripts/setup-ci-tools.sh) to a PNG that is not
 * blank and shows the charts. `MOT_UPDATE_SCREENSHOTS=1` keeps that PNG as
 * docs/images/report.png, the README's picture.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { chromium, type Browser } from 'playwright-core';
import { runMot } from '../server/src/cli/commands.js';
import type { ReportData } from '../server/src/core/report/data.js';
import { ROOT } from './helpers.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const TODAY = '2026-11-24';
const REPO = join(ROOT, 'test/fixtures/report');
const CHROMIUM = process.env.MOT_E2E_CHROMIUM || '/usr/bin/chromium';

async function mot(args: string[], cwd = REPO) {
  let stdout = '';
  let stderr = '';
  const code = await runMot(args, { cwd, env: {}, version: '9.9.9', stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

async function html(args: string[] = [], cwd = REPO): Promise<string> {
  const r = await mot(['report', '--format', 'html', '--today', TODAY, ...args], cwd);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

function* walk(node: Node): Generator<Element> {
  if ('tagName' in node) yield node;
  const children = 'childNodes' in node ? node.childNodes : [];
  for (const child of children) yield* walk(child);
  // <template> keeps its children in a fragment of its own.
  if ('content' in node && node.content) yield* walk(node.content as Node);
}

const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;
const classes = (e: Element) => (attr(e, 'class') ?? '').split(/\s+/);
const text = (n: Node): string => ('value' in n && n.nodeName === '#text' ? (n as { value: string }).value : 'childNodes' in n ? n.childNodes.map(text).join('') : '');

/** Attributes whose value a browser loads, follows or runs. (`xmlns` names a namespace; nothing is fetched from it.) */
const URL_ATTRS = new Set(['href', 'xlink:href', 'src', 'srcset', 'action', 'formaction', 'poster', 'data', 'background', 'ping', 'manifest']);

/** What in a page would run a script or reach outside the file: a list of problems, empty when it is self-contained. */
function selfContainedProblems(page: string): string[] {
  const problems: string[] = [];
  const doc = parse(page);
  for (const e of walk(doc)) {
    if (e.tagName === 'script') problems.push('a <script> element');
    if (['iframe', 'object', 'embed', 'link', 'img', 'image', 'use', 'base', 'form', 'foreignObject'].includes(e.tagName)) problems.push(`a <${e.tagName}> element`);
    for (const a of e.attrs) {
      if (/^on/i.test(a.name)) problems.push(`<${e.tagName} ${a.name}>`);
      // Only links inside the file or to a relative path (the notes next to the report) are allowed.
      if (URL_ATTRS.has(a.name) && /^\s*([a-z][a-z0-9+.-]*:|\/\/)/i.test(a.value)) problems.push(`<${e.tagName} ${a.name}="${a.value}">`);
      if (a.name === 'style' && /url\s*\(|expression\s*\(/i.test(a.value)) problems.push(`<${e.tagName} style> with url()`);
    }
    if (e.tagName === 'style' && /url\s*\(|@import/i.test(text(e))) problems.push('a style sheet that loads something');
  }
  return problems;
}

function elements(page: string): Element[] {
  return [...walk(parse(page))];
}

describe('mot report --format html', () => {
  it('is one self-contained page: no script, nothing fetched, a Content-Security-Policy that allows neither', async () => {
    const page = await html();
    assert.deepEqual(selfContainedProblems(page), []);
    const csp = elements(page).find((e) => e.tagName === 'meta' && attr(e, 'http-equiv')?.toLowerCase() === 'content-security-policy');
    assert.ok(csp, 'a CSP meta element');
    assert.match(attr(csp, 'content')!, /default-src 'none'/);
    assert.doesNotMatch(attr(csp, 'content')!, /script-src|https?:/);
    // The checker itself finds what it is there to find.
    assert.ok(selfContainedProblems('<p>x</p><script>alert(1)</script>').includes('a <script> element'));
    assert.ok(selfContainedProblems('<a href="https://example.com/x">x</a>').length === 1);
    assert.ok(selfContainedProblems('<svg><image href="//cdn.example/x.png"/></svg>').length >= 1);
  });

  it('draws one score trend per customer with dated calls, on the −3 … +3 scale labelled with its meanings', async () => {
    const data = JSON.parse((await mot(['report', '--format', 'json', '--today', TODAY])).stdout) as ReportData;
    const page = await html();
    const all = elements(page);
    const charts = all.filter((e) => e.tagName === 'svg' && classes(e).includes('trend'));
    const dated = data.customers.filter((c) => c.calls.some((k) => k.date !== null));
    assert.equal(charts.length, dated.length);
    const scale = [...walk(charts[0]!)].filter((e) => e.tagName === 'text' && classes(e).includes('scale')).map(text);
    assert.deepEqual(
      scale.filter((s) => /^[+−]?\d/.test(s)).map((s) => s.split(' ')[0]),
      ['−3', '−2', '−1', '0', '+1', '+2', '+3'],
    );
    assert.ok(scale.some((s) => s.startsWith('+3 ') && s.length > 4), 'the +3 label says what it means');
    // Every dated call is a point, linked to its line in its note; hollow when no confirmation was given.
    const points = charts.flatMap((c) => [...walk(c)].filter((e) => e.tagName === 'circle'));
    const calls = dated.flatMap((c) => c.calls.filter((k) => k.date !== null));
    assert.equal(points.length, calls.length);
    assert.equal(points.filter((p) => classes(p).includes('unconfirmed')).length, calls.filter((k) => !k.confirmed).length);
    assert.equal(points.filter((p) => classes(p).includes('unscored')).length, calls.filter((k) => k.score === null).length);
    const lines = charts.flatMap((c) => [...walk(c)].filter((e) => e.tagName === 'path' && classes(e).includes('trend-line')));
    assert.equal(lines.length, dated.filter((c) => c.calls.filter((k) => k.date !== null && k.score !== null).length > 1).length);
    for (const l of lines) assert.match(attr(l, 'd')!, /^M[\d.]+,[\d.]+[CL][\d.]/, 'a line through the scores');
    const links = all.filter((e) => e.tagName === 'a').map((e) => attr(e, 'href')!);
    assert.ok(links.includes('acme/2026-11-10.call.md#L5') || links.some((l) => /^acme\/2026-11-10\.call\.md#L\d+$/.test(l)), links.join(' '));
  });

  it('shows calls with no score as such, in the chart and in the table', async () => {
    const page = await html();
    const noScore = elements(page).filter((e) => e.tagName === 'td' && text(e).startsWith('no score'));
    assert.ok(noScore.length > 0);
    assert.ok(elements(page).some((e) => e.tagName === 'text' && text(e) === 'no score'));
  });

  it('is in Chinese with --locale zh-CN', async () => {
    const page = await html(['--locale', 'zh-CN']);
    const all = elements(page);
    assert.equal(attr(all.find((e) => e.tagName === 'html')!, 'lang'), 'zh-CN');
    assert.equal(text(all.find((e) => e.tagName === 'h1')!), '关键时刻报告');
    assert.ok(all.some((e) => e.tagName === 'text' && /^\+3 \S/.test(text(e)) && /[\u4e00-\u9fff]/.test(text(e))));
    assert.deepEqual(selfContainedProblems(page), []);
  });

  it('is the weekly digest with --since and --until', async () => {
    const page = await html(['--since', '2026-11-16', '--until', '2026-11-22']);
    const all = elements(page);
    assert.equal(text(all.find((e) => e.tagName === 'h1')!), 'MOT weekly digest');
    assert.match(text(all.find((e) => e.tagName === 'p' && classes(e).includes('period'))!), /2026-11-16.*2026-11-22/);
  });

  it('escapes what the notes say: a customer named like markup stays text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mot-report-'));
    try {
      writeFileSync(
        join(dir, 'evil.call.md'),
        '---\ncustomer: "<script>alert(1)</script><img src=https://x.example/a.png>"\ndate: 2026-11-20\nscore: -1\n---\n# Call <b onmouseover="x()">bold</b>\n\n## Explore\n- Business win: [site](https://x.example)\n\n## Offer\n- [O1] a plan\n\n## Action\n- [ ] O1 send it due 2026-11-21\n\n## Confirm\n- He said yes to O1\n',
      );
      const page = await html([], dir);
      assert.deepEqual(selfContainedProblems(page), []);
      assert.ok(elements(page).some((e) => e.tagName === 'h2' && text(e).startsWith('<script>')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes the file named by --out, with links relative to its folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mot-report-'));
    try {
      cpSync(REPO, join(dir, 'notes'), { recursive: true });
      const r = await mot(['report', 'notes', '--today', TODAY, '--out', 'out/report.html'], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /wrote out\/report\.html \(\d+ calls of \d+ customers\)/);
      const page = readFileSync(join(dir, 'out/report.html'), 'utf8');
      assert.ok(page.startsWith('<!DOCTYPE html>'), 'the format follows the extension');
      const links = elements(page).filter((e) => e.tagName === 'a').map((e) => attr(e, 'href')!);
      assert.ok(links.length > 0 && links.every((l) => l.startsWith('../notes/')), links.slice(0, 3).join(' '));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('mot report --format markdown', () => {
  it('is the default on standard output: per customer a table of calls, the score trend as text, the review lists', async () => {
    const r = await mot(['report', '--today', TODAY]);
    assert.equal(r.code, 0, r.stderr);
    const md = r.stdout;
    assert.match(md, /^# MOT report/);
    assert.match(md, /^## ACME$/m);
    assert.match(md, /^\| Date \| Call \| Score \| Steps \|/m);
    assert.match(md, /[+−]\d → [+−]?\d/, 'the trend of scores');
    assert.match(md, /\]\(acme\/2026-11-10\.call\.md#L\d+\)/);
    assert.doesNotMatch(md, /<script/i);
  });

  it('is in Chinese with --locale zh-cn', async () => {
    const r = await mot(['report', '--today', TODAY, '--locale', 'zh-cn']);
    assert.match(r.stdout, /^# 关键时刻报告/);
  });
});

describe('the HTML report in headless Chromium', function () {
  this.timeout(120000);
  let browser: Browser;
  let dir: string;
  before(async () => {
    // Installs Chromium and a CJK font from Debian's packages when they are missing; quiet otherwise.
    execFileSync('bash', [join(ROOT, 'scripts/setup-ci-tools.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    dir = mkdtempSync(join(tmpdir(), 'mot-report-png-'));
  });
  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The share of pixels of a PNG that differ from its top-left pixel (the page's background), decoded by the browser. */
  async function inked(png: Buffer): Promise<number> {
    const page = await browser.newPage();
    try {
      return await page.evaluate(async (src) => {
        // This runs in the page: the test is compiled without the DOM's types.
        const { Image, document } = globalThis as any;
        const img = new Image();
        img.src = src;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d');
        ctx.drawImage(img, 0, 0);
        const d: Uint8ClampedArray = ctx.getImageData(0, 0, img.width, img.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) n++;
        return n / (d.length / 4);
      }, `data:image/png;base64,${png.toString('base64')}`);
    } finally {
      await page.close();
    }
  }

  for (const locale of ['en', 'zh-cn'] as const) {
    it(`renders the ${locale} report to a PNG that is not blank, with its charts drawn`, async () => {
      const file = join(dir, `report.${locale}.html`);
      const r = await mot(['report', REPO, '--today', TODAY, '--locale', locale, '--out', file]);
      assert.equal(r.code, 0, r.stderr);
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 }, deviceScaleFactor: 1 });
      const blocked: string[] = [];
      page.on('request', (req) => {
        if (!req.url().startsWith('file:') && !req.url().startsWith('data:')) blocked.push(req.url());
      });
      try {
        await page.goto(pathToFileURL(file).href);
        const charts = page.locator('svg.trend');
        assert.ok((await charts.count()) > 0, 'charts in the page');
        const box = await charts.first().boundingBox();
        assert.ok(box && box.width > 300 && box.height > 100, `the chart has its size: ${JSON.stringify(box)}`);
        const line = await page.locator('svg.trend path.trend-line').first().boundingBox();
        assert.ok(line && line.width > 50, 'the trend line is drawn');
        const png = await page.screenshot({ fullPage: true });
        const chartPng = await charts.first().screenshot();
        assert.ok((await inked(png)) > 0.01, 'the page is not blank');
        assert.ok((await inked(chartPng)) > 0.02, 'the chart is not blank');
        assert.deepEqual(blocked, [], 'nothing fetched');
        if (locale === 'en' && process.env.MOT_UPDATE_SCREENSHOTS === '1') {
          // The README shows the first customer's timeline: its chart and its calls.
          const shot = join(dir, 'readme.png');
          await page.locator('section.customer').first().screenshot({ path: shot });
          copyFileSync(shot, join(ROOT, 'docs/images/report.png'));
        }
      } finally {
        await page.close();
      }
    });
  }
});
