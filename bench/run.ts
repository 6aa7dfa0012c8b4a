/**
 * `npm run bench`: parse and analysis costs on generated call notes of ~2 KB,
 * 50 KB, 1 MB and 10 MB, in one run, medians after a warm-up:
 * bare remark-parse + remark-gfm, our full analysis, the keystroke path
 * through the real server (pull diagnostics over stdio), markdownlint as a
 * peer, the server's cold start and peak RSS, and hover latency while a 10 MB
 * note is analysed. Prints a table and writes bench/results.json.
 *
 * Then the same keystroke path on findings-heavy notes of 1 MB and 10 MB
 * (an old account file: thousands of unconfirmed offers), where the server
 * sends at most `mot.maxProblems` (1,000) diagnostics: an edit in the middle
 * of the note (the diagnostics shown do not change: an `unchanged` report)
 * and one on an unconfirmed offer of the first call (they do: a full report).
 *
 * Options: --max-bytes N / --min-bytes N (skip sizes), --runs N (repeats for
 * the small sizes), --only clean|messy (one of the two tables).
 * MOT_SERVER_JS=path runs another build of the server.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { lint as markdownlint } from 'markdownlint/sync';
import { analyze, moreProblems, topFindings } from '../server/src/core/index.js';
import { TestClient } from '../test/lsp/client.js';
import { ROOT } from '../test/helpers.js';
import { generateMessyNotes, generateNotes } from './generate.js';

const TODAY = '2026-06-15';
const { values } = parseArgs({ options: { 'max-bytes': { type: 'string' }, 'min-bytes': { type: 'string' }, runs: { type: 'string' }, only: { type: 'string' } } });
const only = values.only;
/** The server's default `mot.maxProblems`. */
const CAP = 1000;
const maxBytes = Number(values['max-bytes'] ?? 11_000_000);
const minBytes = Number(values['min-bytes'] ?? 0);
const baseRuns = Number(values.runs ?? 9);

const SIZES = [
  { label: '2 KB', bytes: 2_000, runs: baseRuns * 11 },
  { label: '50 KB', bytes: 50_000, runs: baseRuns },
  { label: '1 MB', bytes: 1_000_000, runs: 3 },
  { label: '10 MB', bytes: 10_000_000, runs: 1 },
].filter((s) => s.bytes <= maxBytes && s.bytes >= minBytes && only !== 'messy');

const MESSY = [
  { label: 'findings-heavy 1 MB', bytes: 1_000_000, runs: 3 },
  { label: 'findings-heavy 10 MB', bytes: 10_000_000, runs: 1 },
].filter((s) => s.bytes <= maxBytes && s.bytes >= minBytes && only !== 'clean');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Median wall time of `fn` over `runs`, after one warm-up run when there are several. */
function time(runs: number, fn: () => void): number {
  if (runs > 1) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

/**
 * Median wall times of several functions run in turns (A B A B …) after a
 * warm-up of each, so that JIT warm-up, GC debt and machine load drift
 * weigh on all of them alike and their ratio is fair.
 */
function interleaved(runs: number, fns: (() => void)[]): number[] {
  // Small inputs need many calls before V8 has optimised all the code they reach: warm up for two seconds.
  if (runs > 1) {
    const until = performance.now() + 2000;
    for (let i = 0; i < 3 || (performance.now() < until && i < 500); i++) for (const fn of fns) fn();
  }
  const times = fns.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, k) => {
      const t = performance.now();
      fn();
      times[k].push(performance.now() - t);
    });
  }
  return times.map(median);
}

function micromarkVersion(): string {
  return JSON.parse(readFileSync(join(ROOT, 'node_modules/micromark/package.json'), 'utf8')).version;
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** The last version sent of each document. */
const versions = new Map<string, number>();

/**
 * One-character edits inside one call, alternately typed and deleted (an
 * even number, so the note ends as it began): in the
 * middle of the note, or (`top`) in the first call. The last one's
 * diagnostics must be what a fresh analysis gives, up to the cap.
 */
async function keystrokes(client: TestClient, uri: string, text: string, edits: number, where: 'middle' | 'top' = 'middle') {
  // In the first call, on an offer's line: the offer's diagnostic changes, so every report is a full one.
  const at = where === 'top' ? text.indexOf('\n- [O2] ', text.indexOf('### Offer')) + '\n- [O2] '.length : text.indexOf('### Offer', Math.floor(text.length / 2)) + '### Offer\n- [O1] '.length;
  const lines = text.slice(0, at).split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const times: number[] = [];
  const kinds = { full: 0, unchanged: 0 };
  let current = text;
  // The first edits after opening run code the server has not optimised yet: warm up, then measure.
  const warmUp = 10;
  if (edits % 2) throw new Error('an even number of edits leaves the note as it was');
  for (let i = -warmUp; i < edits; i++) {
    const insert = i % 2 === 0;
    const t = performance.now();
    const version = (versions.get(uri) ?? 1) + 1;
    versions.set(uri, version);
    await client.change(uri, version, [
      insert ? { range: { start: position, end: position }, text: 'x' } : { range: { start: position, end: { ...position, character: position.character + 1 } }, text: '' },
    ]);
    const items = await client.pull(uri, 900_000);
    if (i >= 0) {
      times.push(performance.now() - t);
      kinds[client.lastKind.get(uri) as 'full' | 'unchanged']++;
    }
    current = insert ? `${text.slice(0, at)}x${text.slice(at)}` : text;
    // Another build of the server (MOT_SERVER_JS) may predate the cap: its diagnostics are not checked.
    if (i === edits - 1 && !process.env.MOT_SERVER_JS) {
      const shown = topFindings(analyze(current, { today: TODAY }), CAP);
      const expected = shown.findings.map((f) => `${f.rule}@${JSON.stringify(f.range)}`);
      if (shown.hidden) expected.push(`undefined@${JSON.stringify({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } })}`);
      const actual = items.map((d) => `${d.code}@${JSON.stringify(d.range)}`);
      if (JSON.stringify(expected) !== JSON.stringify(actual)) throw new Error(`server diagnostics differ from a fresh analysis (${where})`);
      if (shown.hidden && items[items.length - 1].message !== moreProblems(shown.hidden, CAP).en) throw new Error('the last diagnostic miscounts the findings left out');
    }
  }
  return { median: median(times), kinds };
}

/** Hover latency while the server analyses a large note it has just opened. */
async function hoversDuringAnalysis(client: TestClient, uri: string, text: string) {
  await client.open(uri, text);
  const started = performance.now();
  const pull = client.pull(uri, 900_000).then(() => performance.now() - started);
  let done = false;
  void pull.then(() => (done = true));
  const latencies: number[] = [];
  while (!done) {
    const t = performance.now();
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 12, character: 4 } }, 120_000);
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { analysisMs: await pull, hovers: latencies.length, hoverMedian: median(latencies), hoverMax: Math.max(...latencies) };
}

async function main() {
  console.log(`Node ${process.version}, micromark ${micromarkVersion()}, ${SIZES.map((s) => s.label).join(', ')}`);
  const processor = unified().use(remarkParse).use(remarkGfm);
  const rows: Record<string, unknown>[] = [];

  const coldStart: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const c = await TestClient.start({ pull: true, today: TODAY });
    coldStart.push(performance.now() - t);
    await c.stop();
  }

  for (const size of SIZES) {
    const text = generateNotes(size.bytes);
    const [bare, full] = interleaved(size.runs, [() => processor.parse(text), () => analyze(text, { today: TODAY })]);
    const lint = time(size.runs, () => markdownlint({ strings: { note: text } }));

    const client = await TestClient.start({ pull: true, today: TODAY });
    const uri = `file:///bench/notes-${size.bytes}.md`;
    let serverCold: number;
    let keystroke: number;
    let hover: Awaited<ReturnType<typeof hoversDuringAnalysis>> | null = null;
    try {
      if (size.bytes >= 5_000_000) {
        hover = await hoversDuringAnalysis(client, uri, text);
        serverCold = hover.analysisMs;
      } else {
        await client.open(uri, text);
        const t = performance.now();
        await client.pull(uri, 900_000);
        serverCold = performance.now() - t;
      }
      keystroke = (await keystrokes(client, uri, text, size.bytes >= 5_000_000 ? 10 : 20)).median;
    } finally {
      var rss = peakRssMb(client.child.pid!);
      await client.stop();
    }
    const row = {
      size: size.label,
      bytes: text.length,
      runs: size.runs,
      bareRemarkGfmMs: Math.round(bare * 10) / 10,
      fullAnalysisMs: Math.round(full * 10) / 10,
      fullOverBare: Math.round((full / bare) * 100) / 100,
      serverColdMs: Math.round(serverCold),
      keystrokeMs: Math.round(keystroke * 10) / 10,
      fullOverKeystroke: Math.round(full / keystroke),
      markdownlintMs: Math.round(lint * 10) / 10,
      serverPeakRssMb: rss,
      ...(hover ? { hoverDuringAnalysisMedianMs: Math.round(hover.hoverMedian * 10) / 10, hoverDuringAnalysisMaxMs: Math.round(hover.hoverMax * 10) / 10, hoversAnswered: hover.hovers } : {}),
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }

  const messyRows: Record<string, unknown>[] = [];
  for (const size of MESSY) {
    const text = generateMessyNotes(size.bytes);
    const full = time(size.runs, () => analyze(text, { today: TODAY }));
    const findings = analyze(text, { today: TODAY }).top(0).total;
    const client = await TestClient.start({ pull: true, today: TODAY });
    const uri = `file:///bench/messy-${size.bytes}.md`;
    try {
      await client.open(uri, text);
      const t = performance.now();
      const first = await client.pull(uri, 900_000);
      const serverCold = performance.now() - t;
      const edits = size.bytes >= 5_000_000 ? 10 : 20;
      const middle = await keystrokes(client, uri, text, edits, 'middle');
      const top = await keystrokes(client, uri, text, edits, 'top');
      var row: Record<string, unknown> = {
        size: size.label,
        bytes: text.length,
        findings,
        diagnosticsSent: first.length,
        fullAnalysisMs: Math.round(full),
        serverColdMs: Math.round(serverCold),
        keystrokeMiddleMs: Math.round(middle.median * 10) / 10,
        middleReports: middle.kinds,
        keystrokeTopMs: Math.round(top.median * 10) / 10,
        topReports: top.kinds,
        fullOverMiddle: Math.round(full / middle.median),
        fullOverTop: Math.round(full / top.median),
      };
    } finally {
      row!.serverPeakRssMb = peakRssMb(client.child.pid!);
      await client.stop();
    }
    messyRows.push(row!);
    console.log(JSON.stringify(row!));
  }
  if (messyRows.length) {
    const m = ['| note | findings | sent | full analysis | server cold open | keystroke, middle | full ÷ middle | keystroke, first call | full ÷ first call | server peak RSS |', '|---|---|---|---|---|---|---|---|---|---|'];
    for (const r of messyRows) {
      m.push(`| ${r.size} | ${r.findings} | ${r.diagnosticsSent} | ${r.fullAnalysisMs} ms | ${r.serverColdMs} ms | ${r.keystrokeMiddleMs} ms | ${r.fullOverMiddle}× | ${r.keystrokeTopMs} ms | ${r.fullOverTop}× | ${r.serverPeakRssMb} MB |`);
    }
    console.log(`\n${m.join('\n')}\n`);
  }
  if (!rows.length) {
    writeFileSync(join(ROOT, 'bench/results-partial.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, messy: messyRows }, null, 2)}\n`);
    return;
  }

  const header = '| size | bare remark+gfm | full analysis | full ÷ bare | keystroke → diagnostics | full ÷ keystroke | server cold open | markdownlint | server peak RSS |';
  const lines = [header, '|---|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    lines.push(
      `| ${r.size} | ${r.bareRemarkGfmMs} ms | ${r.fullAnalysisMs} ms | ${r.fullOverBare}× | ${r.keystrokeMs} ms | ${r.fullOverKeystroke}× | ${r.serverColdMs} ms | ${r.markdownlintMs} ms | ${r.serverPeakRssMb} MB |`,
    );
  }
  const big = rows.find((r) => 'hoverDuringAnalysisMaxMs' in r);
  const table = lines.join('\n');
  console.log(`\n${table}\n`);
  console.log(`server cold start (spawn → initialize answered): median ${Math.round(median(coldStart))} ms`);
  if (big) console.log(`hover while a ${big.size} note is analysed: median ${big.hoverDuringAnalysisMedianMs} ms, max ${big.hoverDuringAnalysisMaxMs} ms over ${big.hoversAnswered} hovers`);
  writeFileSync(
    join(ROOT, SIZES.length === 4 ? 'bench/results.json' : 'bench/results-partial.json'),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, micromark: micromarkVersion(), serverColdStartMs: Math.round(median(coldStart)), rows, messy: messyRows }, null, 2)}\n`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
