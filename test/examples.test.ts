import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze, type RuleId } from '../server/src/core/index.js';
import { mergeConfig } from '../server/src/core/config.js';
import { listFiles, ROOT } from './helpers.js';

const TODAY = '2026-11-22';

function lint(file: string) {
  return analyze(readFileSync(file, 'utf8'), { path: file, rootDir: ROOT, today: TODAY });
}

describe('examples/', () => {
  const files = listFiles(join(ROOT, 'examples'), '.md');

  it('has at least six notes in English and Chinese, heading and record-sheet forms', () => {
    const notes = files.filter((f) => lint(f).isCallNote);
    assert.ok(notes.length >= 6, `${notes.length} call notes`);
    const forms = new Set(notes.flatMap((f) => lint(f).model.calls.map((c) => `${c.form}:${c.language}`)));
    for (const form of ['heading:en', 'heading:zh', 'sheet:en', 'sheet:zh']) assert.ok(forms.has(form), `no ${form} call`);
  });

  for (const clean of ['filtex-intranet.call.md', 'filtex-intranet-zh.call.md']) {
    it(`${clean} is clean under every rule, missing-score included`, () => {
      const a = analyze(readFileSync(join(ROOT, 'examples', clean), 'utf8'), {
        path: join(ROOT, 'examples', clean),
        rootDir: ROOT,
        today: TODAY,
        config: mergeConfig({ rules: { 'missing-score': 'warning' }, files: ['**/*.call.md'] }),
      });
      assert.ok(a.isCallNote && a.model.calls.length >= 3);
      assert.deepEqual(a.findings.map((f) => `${f.range.start.line + 1}:${f.rule}`), []);
    });
  }

  it('the examples guide, a README, gets no findings at all', () => {
    const a = lint(join(ROOT, 'examples/README.md'));
    assert.equal(a.isCallNote, false);
    assert.deepEqual(a.findings, []);
  });

  it('shows most rules across the examples', () => {
    const fired = new Set<RuleId>(files.flatMap((f) => lint(f).findings.map((x) => x.rule)));
    for (const rule of ['missing-step', 'step-order', 'unconfirmed-offer', 'offer-without-action', 'overdue-action', 'vague-action', 'missing-wins', 'missing-expectation', 'score-range', 'negative-without-recovery', 'unknown-offer-ref', 'duplicate-offer-id', 'step-typo'] as RuleId[]) {
      assert.ok(fired.has(rule), `no example shows ${rule} (${files.map((f) => relative(ROOT, f)).join(', ')})`);
    }
  });
});
