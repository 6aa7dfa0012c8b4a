/**
 * `npm run bench` (third part; alone: `npm run bench:followups`): the
 * follow-ups list and the cross-note references over a generated repository
 * of 1,000 notes (bench/generate.ts `generateRepository`), a third of which
 * confirm an offer of an earlier call of their customer with `O1@DATE`.
 * Measures, as medians: digesting every note (what an index keeps),
 * `resolveCrossNotes` + `followUps` over the digests (what a `mot/followUps`
 * request costs with the index built; the issue asks ≤ 50 ms), the same with
 * one note changed, and `mot followups` / `mot lint` end to end (dist/mot.js,
 * a fresh process each). Writes bench/followups-results.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyze, digestNote, followUps, resolveCrossNotes, type CrossNoteInput } from '../server/src/core/index.js';
import { ROOT } from '../test/helpers.js';
import { generateRepository } from './generate.js';

const { values } = parseArgs({ options: { runs: { type: 'string' }, notes: { type: 'string' } } });
const RUNS = Number(values.runs ?? 9);
const NOTES = Number(values.notes ?? 1000);
const TODAY = '2026-06-15';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const time = (runs: number, fn: () => void) => {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return median(out);
};

/** The generated repository, every third note of a customer confirming O1 of the customer's previous note. */
function repository() {
  const files = generateRepository(NOTES);
  const last = new Map<string, string>();
  let refs = 0;
  for (const [i, f] of files.entries()) {
    const folder = dirname(f.path);
    const date = /^date: (\S+)$/m.exec(f.text)?.[1];
    const previous = last.get(folder);
    if (previous && previous !== date && i % 3 === 0) {
      f.text += `\n## Confirm\n\n- [x] O1@${previous} the customer said the earlier offer met the expectation\n- [ ] O9@${previous} ask again\n`;
      refs++;
    }
    if (date) last.set(folder, date);
  }
  return { files, refs };
}

function main() {
  const { files, refs } = repository();
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  let inputs: CrossNoteInput[] = [];
  const digestMs = time(3, () => {
    inputs = files.map((f) => ({ key: f.path, folder: dirname(f.path), digest: digestNote(analyze(f.text, { path: `/bench/${f.path}`, today: TODAY }), TODAY) }));
  });
  let listed = 0;
  let covered = 0;
  const listMs = time(RUNS, () => {
    const cross = resolveCrossNotes(inputs);
    covered = [...cross.values()].reduce((n, r) => n + r.coveredElsewhere.size, 0);
    listed = followUps(inputs.map((i) => ({ file: i.key, digest: i.digest, coveredElsewhere: cross.get(i.key)?.coveredElsewhere, plannedElsewhere: cross.get(i.key)?.plannedElsewhere }))).length;
  });
  const changed = files[Math.floor(files.length / 2)];
  const reindexMs = time(RUNS, () => {
    const k = inputs.findIndex((i) => i.key === changed.path);
    inputs[k] = { ...inputs[k], digest: digestNote(analyze(`${changed.text}\n- [ ] O1 one more thing\n`, { path: `/bench/${changed.path}`, today: TODAY }), TODAY) };
    resolveCrossNotes(inputs);
  });

  const dir = mkdtempSync(join(tmpdir(), 'mot-bench-followups-'));
  for (const f of files) {
    mkdirSync(join(dir, dirname(f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  const mot = join(ROOT, 'dist/mot.js');
  const run = (args: string[]) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [mot, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0 && r.status !== 1) throw new Error(`mot ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return performance.now() - t;
  };
  const cliRuns = Math.max(3, Math.min(RUNS, 5));
  const followupsCli: number[] = [];
  const lintCli: number[] = [];
  for (let i = 0; i < cliRuns; i++) {
    followupsCli.push(run(['followups', '--today', TODAY, '--format', 'json', '.']));
    lintCli.push(run(['lint', '--today', TODAY, '--format', 'json', '.']));
  }
  const row = {
    notes: files.length,
    bytes,
    notesWithReferences: refs,
    offersCoveredElsewhere: covered,
    followUps: listed,
    digestAllMs: Math.round(digestMs),
    crossNotesAndFollowUpsMs: Math.round(listMs * 10) / 10,
    oneNoteChangedMs: Math.round(reindexMs * 10) / 10,
    motFollowupsCliMs: Math.round(median(followupsCli)),
    motLintCliMs: Math.round(median(lintCli)),
  };
  console.log(JSON.stringify(row, null, 2));
  writeFileSync(join(ROOT, 'bench/followups-results.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, ...row }, null, 2)}\n`);
}

main();
