/**
 * `npm run bench` (second part; alone: `npm run bench:cli`): mot-lint in CI,
 * side by side in one run, on the same files, each tool a fresh process:
 * - 1,000 generated call notes (bench/generate.ts `generateRepository`, ~2.4 KB
 *   each, in 50 customer folders): mot-lint cold, mot-lint warm with
 *   `--cache` and nothing changed, markdownlint-cli2 with its default rules,
 *   and mot-lint as it was before the CLI work (`--baseline`);
 * - every `*.md` under node_modules/ (documentation, no call notes): mot-lint,
 *   the baseline and markdownlint-cli2.
 * Times are medians of runs taken in turns (A B C A B C …), so that machine
 * load weighs on all tools alike. Prints a table and writes bench/cli-results.json.
 *
 * Options: --runs N (default 5), --notes N (default 1000), --baseline REF
 * (default 90bb111, the main branch before the CLI work; "none" skips it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../test/helpers.js';
import { generateRepository } from './generate.js';

const { values } = parseArgs({ options: { runs: { type: 'string' }, notes: { type: 'string' }, baseline: { type: 'string' } } });
const RUNS = Number(values.runs ?? 5);
const NOTES = Number(values.notes ?? 1000);
const BASELINE = values.baseline ?? '90bb111';
const TODAY = '2026-06-15';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Tool {
  name: string;
  args: string[];
  /** Exit codes that mean it ran (findings or none). */
  ok: number[];
}

/** Wall time of one process run, in ms; throws when it did not run as expected. */
function runOnce(tool: Tool, cwd: string): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, tool.args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 256 << 20 });
  const ms = performance.now() - t;
  if (!tool.ok.includes(r.status ?? -1)) throw new Error(`${tool.name} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Median wall times of the tools, run in turns after one warm-up run each (the file cache). */
function interleaved(tools: Tool[], cwd: string): number[] {
  for (const tool of tools) runOnce(tool, cwd);
  const times = tools.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) tools.forEach((tool, k) => times[k].push(runOnce(tool, cwd)));
  return times.map(median);
}

function writeTree(dir: string, files: { path: string; text: string }[]) {
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
}

/** Every `*.md` file under `dir`, as paths relative to it. */
function markdownFiles(dir: string, base = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) markdownFiles(p, base, out);
    else if (st.isFile() && name.endsWith('.md')) out.push(relative(base, p));
  }
  return out;
}

/**
 * The CLI as it was at `ref`, built with that commit's own build script
 * against this checkout's node_modules; null when the commit is not in the
 * repository.
 */
function buildBaseline(ref: string, work: string): string | null {
  try {
    execFileSync('git', ['cat-file', '-e', `${ref}^{commit}`], { cwd: ROOT, stdio: 'ignore' });
  } catch {
    return null;
  }
  const dir = join(work, 'baseline');
  mkdirSync(dir, { recursive: true });
  const archive = execFileSync('git', ['archive', ref, 'server', 'client', 'scripts/build.mjs', 'package.json'], { cwd: ROOT, maxBuffer: 256 << 20 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  execFileSync(process.execPath, [join(dir, 'scripts/build.mjs')], { cwd: dir, stdio: 'ignore' });
  return join(dir, 'dist/cli.js');
}

function main() {
  const work = mkdtempSync(join(tmpdir(), 'mot-bench-cli-'));
  try {
    const notesDir = join(work, 'notes');
    writeTree(notesDir, generateRepository(NOTES));
    const docsDir = join(work, 'docs');
    const docs = markdownFiles(join(ROOT, 'node_modules'));
    for (const f of docs) {
      mkdirSync(dirname(join(docsDir, f)), { recursive: true });
      cpSync(join(ROOT, 'node_modules', f), join(docsDir, f));
    }
    const bytes = (dir: string) => markdownFiles(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    const baseline = BASELINE === 'none' ? null : buildBaseline(BASELINE, work);
    const cli = join(ROOT, 'dist/cli.js');
    const markdownlint = join(ROOT, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs');
    const cache = join(work, 'motcache');
    const mot = (name: string, bin: string, extra: string[] = []): Tool => ({ name, args: [bin, '--today', TODAY, ...extra, '.'], ok: [0, 1] });
    const mdl: Tool = { name: 'markdownlint-cli2', args: [markdownlint, '**/*.md'], ok: [0, 1] };

    console.log(`Node ${process.version}; ${NOTES} generated notes (${Math.round(bytes(notesDir) / 1024)} KB), ${docs.length} Markdown files from node_modules (${Math.round(bytes(docsDir) / 1024)} KB); ${RUNS} runs each`);
    const noteTools = [mot('mot-lint', cli), mdl, ...(baseline ? [mot('baseline', baseline)] : [])];
    const [cold, lint, before] = interleaved(noteTools, notesDir);
    // Warm: a first run fills the cache (the warm-up in `interleaved`), then nothing changes.
    const [warm] = interleaved([mot('mot-lint --cache', cli, ['--cache-location', cache])], notesDir);
    const docTools = [mot('mot-lint', cli), mdl, ...(baseline ? [mot('baseline', baseline)] : [])];
    const [docsNow, docsLint, docsBefore] = interleaved(docTools, docsDir);

    const ms = (x: number | undefined) => (x === undefined ? '—' : `${Math.round(x)} ms`);
    const ratio = (a: number | undefined, b: number) => (a === undefined ? '—' : `${(a / b).toFixed(1)}×`);
    const rows = [
      { set: `${NOTES} generated call notes, cold`, mot: cold, markdownlint: lint, baseline: before },
      { set: `${NOTES} generated call notes, warm --cache`, mot: warm, markdownlint: lint, baseline: undefined },
      { set: `${docs.length} Markdown files of node_modules (no notes)`, mot: docsNow, markdownlint: docsLint, baseline: docsBefore },
    ];
    const lines = [
      `| files | mot-lint | markdownlint-cli2 (default rules) | markdownlint-cli2 ÷ mot-lint | mot-lint before (${BASELINE}) | before ÷ now |`,
      '|---|---|---|---|---|---|',
      ...rows.map((r) => `| ${r.set} | ${ms(r.mot)} | ${ms(r.markdownlint)} | ${ratio(r.markdownlint, r.mot)} | ${ms(r.baseline)} | ${ratio(r.baseline, r.mot)} |`),
    ];
    console.log(`\n${lines.join('\n')}\n`);
    writeFileSync(
      join(ROOT, 'bench/cli-results.json'),
      `${JSON.stringify({ date: new Date().toISOString(), node: process.version, runs: RUNS, notes: NOTES, docs: docs.length, baseline: baseline ? BASELINE : null, rows }, null, 2)}\n`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
