/**
 * `npm run bench` (fourth part; alone: `npm run bench:report`): `mot report`
 * end to end (dist/mot.js, a fresh process each run) over the generated
 * repository of 1,000 notes (bench/generate.ts `generateRepository`, about
 * 2.4 MB in 50 customer folders), in each format, for the whole history and
 * for one week. The issue asks ≤ 3 s on 2 cores; the run fails above it.
 * Writes bench/report-results.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../test/helpers.js';
import { generateRepository } from './generate.js';

const { values } = parseArgs({ options: { runs: { type: 'string' }, notes: { type: 'string' } } });
const RUNS = Number(values.runs ?? 5);
const NOTES = Number(values.notes ?? 1000);
const TODAY = '2026-06-15';
const TARGET_MS = 3000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main() {
  const files = generateRepository(NOTES);
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const dir = mkdtempSync(join(tmpdir(), 'mot-bench-report-'));
  for (const f of files) {
    mkdirSync(join(dir, dirname(f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  const mot = join(ROOT, 'dist/mot.js');
  const run = (args: string[]) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [mot, 'report', '--today', TODAY, ...args, '.'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`mot report ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return ms;
  };
  const cases: [string, string[]][] = [
    ['html', ['--out', 'report.html']],
    ['markdown', ['--out', 'report.md']],
    ['json', ['--out', 'report.json']],
    ['html, one week', ['--since', '2026-03-02', '--until', '2026-03-08', '--out', 'week.html']],
  ];
  const rows: Record<string, number> = {};
  for (const [name, args] of cases) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(run(args));
    rows[name] = Math.round(median(times));
  }
  const htmlBytes = statSync(join(dir, 'report.html')).size;
  rmSync(dir, { recursive: true, force: true });
  const worst = Math.max(...Object.values(rows));
  const row = { notes: files.length, bytes, htmlBytes, medianMs: rows, targetMs: TARGET_MS, ok: worst <= TARGET_MS };
  console.log(JSON.stringify(row, null, 2));
  writeFileSync(join(ROOT, 'bench/report-results.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, ...row }, null, 2)}\n`);
  if (!row.ok) {
    console.error(`bench/report: mot report took ${worst} ms, above the ${TARGET_MS} ms target`);
    process.exitCode = 1;
  }
}

main();
