/**
 * The capped list of findings an editor is sent (`Analysis.top`,
 * `topFindings`) is exactly what sorting every finding of a fresh analysis
 * by severity, then position, and cutting would give, on notes with
 * suppression comments, note-wide findings, and after incremental edits.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze, AnalysisCache, topFindings, type Finding } from '../server/src/core/index.js';
import { generateMessyNotes } from '../bench/generate.js';

const TODAY = '2026-06-15';
const SEED = Number(process.env.MOT_SEED ?? 20261122);
const RANK = { error: 0, warning: 1, info: 2, hint: 3 } as const;

const key = (f: Finding) => `${f.rule}|${f.severity}|${JSON.stringify(f.range)}|${f.message}|${JSON.stringify(f.related.map((r) => r.range))}`;

/** The `n` most severe findings of `all` (ties in document order), listed in document order. */
function cut(all: Finding[], n: number): string[] {
  return all
    .map((f, i) => ({ f, i }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.i - b.i)
    .slice(0, n)
    .sort((a, b) => a.i - b.i)
    .map((x) => key(x.f));
}

function check(text: string, limits: number[], cache?: AnalysisCache): void {
  const fresh = analyze(text, { today: TODAY, path: '/notes/x.md' }).findings;
  const analysis = analyze(text, { today: TODAY, path: '/notes/x.md', ...(cache ? { cache } : {}) });
  for (const n of limits) {
    const top = analysis.top(n);
    assert.equal(top.total, fresh.length, `total, limit ${n}`);
    assert.deepEqual(top.findings.map(key), cut(fresh, n), `limit ${n}`);
    if (n < 1) continue; // an editor has room for one diagnostic at least
    const shown = topFindings(analysis, n);
    if (fresh.length <= n) {
      assert.deepEqual(shown.findings.map(key), fresh.map(key));
      assert.equal(shown.hidden, 0);
    } else {
      assert.deepEqual(shown.findings.map(key), cut(fresh, n - 1), `shown, limit ${n}`);
      assert.equal(shown.hidden, fresh.length - (n - 1));
    }
  }
}

describe('the findings an editor is sent, capped', () => {
  const messy = generateMessyNotes(40_000, 5);

  it('are the most severe, then the first, of a fresh analysis, for any limit', () => {
    const all = analyze(messy, { today: TODAY }).findings;
    assert.ok(new Set(all.map((f) => f.severity)).size >= 3, 'several severities');
    check(messy, [0, 1, 2, 3, 10, 57, 200, all.length - 1, all.length, all.length + 5]);
  });

  it('leave out suppressed findings and count only the others', () => {
    const calls = messy.split(/(?=^## )/m);
    const suppressed = calls
      .map((c, i) =>
        i % 4 === 1 ? `<!-- mot-disable unconfirmed-offer -->\n${c}<!-- mot-enable unconfirmed-offer -->\n` : i % 4 === 2 ? c.replace('### Offer', '<!-- mot-disable-next-line -->\n### Offer') : c,
      )
      .join('');
    check(suppressed, [1, 5, 40, 300, 10_000]);
    check(`<!-- mot-disable-file vague-action -->\n${messy}`, [1, 30, 10_000]);
  });

  it('include the findings about the whole note, in their place', () => {
    const broken = messy.replace('mot: true', 'mot: true\ndate: someday\nscore: 9');
    check(broken, [1, 2, 3, 20, 10_000]);
  });

  it('are the same after incremental edits as after a fresh analysis', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: messy.length }), fc.constantFrom('', 'x', '\n### Confirm\n- O2: he said yes\n', '\n## Call 9 (2025-01-01)\n### Offer\n- [O1] x\n'), fc.integer({ min: 1, max: 120 }), (at, insert, limit) => {
        const cache = new AnalysisCache();
        analyze(messy, { today: TODAY, path: '/notes/x.md', cache }).top(limit);
        check(messy.slice(0, at) + insert + messy.slice(at), [limit], cache);
      }),
      { seed: SEED, numRuns: 25 },
    );
  });
});
