import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../server/src/core/index.js';
import { ROOT } from './helpers.js';

/**
 * Notes written the way sales people write them, by someone who had read
 * only FORMAT.md and MOT.md (test/corpus/EXPECTED.md gives the reasons):
 * what must be reported, and what must not. The reading is judged on them,
 * not on notes written by the code's author.
 */
interface Expectation {
  file: string;
  calls: number | null;
  mustFire: { rule: string; line: number | null }[];
  mustNotFire: string[];
}

const DIR = join(ROOT, 'test', 'corpus');
const TODAY = '2026-12-01';
const expectations = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Expectation[];

describe('corpus: notes as people write them', () => {
  it('has at least 40 notes, half of them Chinese, and notes that are none', () => {
    const texts = expectations.map((e) => readFileSync(join(DIR, e.file), 'utf8'));
    assert.ok(expectations.length >= 40);
    const chinese = (t: string) => (t.match(/[\u4e00-\u9fff]/g) ?? []).length > (t.match(/[A-Za-z]/g) ?? []).length;
    assert.ok(texts.filter(chinese).length * 2 >= texts.length, 'half of the notes in Chinese');
    assert.ok(expectations.filter((e) => e.calls === 0).length >= 3);
  });

  for (const e of expectations) {
    it(e.file, () => {
      const a = analyze(readFileSync(join(DIR, e.file), 'utf8'), { path: join(DIR, e.file), rootDir: DIR, today: TODAY });
      const got = a.findings.map((f) => ({ rule: f.rule, line: f.range.start.line + 1, message: f.messages.en }));
      if (e.calls !== null) assert.equal(a.model.calls.length, e.calls, 'calls');
      for (const m of e.mustFire) {
        assert.ok(
          got.some((g) => g.rule === m.rule && (m.line === null || g.line === m.line)),
          `${m.rule} expected${m.line === null ? '' : ` on line ${m.line}`}; got ${got.map((g) => `${g.line}:${g.rule}`).join(', ') || 'nothing'}`,
        );
      }
      const unexpected = got.filter((g) => e.mustNotFire.includes(g.rule));
      assert.deepEqual(unexpected.map((g) => `${g.line}:${g.rule}: ${g.message}`), []);
    });
  }
});
