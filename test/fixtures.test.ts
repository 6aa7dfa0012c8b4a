import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { expectedFindings, lintFixture, listFiles, ROOT } from './helpers.js';

describe('fixtures: every marked finding and nothing else', () => {
  // The follow-ups fixture is a repository: its marks say what `mot lint` reports over all of its notes at once
  // (a later note confirms an earlier one's offer), which test/crossnotes.test.ts checks.
  const files = listFiles(`${ROOT}test/fixtures`, '.md').filter((f) => !relative(`${ROOT}test/fixtures`, f).startsWith('followups'));
  it('has fixtures', () => assert.ok(files.length >= 25, `only ${files.length} fixtures`));
  for (const file of files) {
    const name = relative(ROOT, file);
    it(name, () => {
      const text = readFileSync(file, 'utf8');
      const analysis = lintFixture(file);
      const actual = analysis.findings.map((f) => `${f.range.start.line + 1}:${f.rule}`).sort();
      const expected = expectedFindings(text);
      const missing = diff(expected, actual);
      const unexpected = diff(actual, expected);
      const detail = analysis.findings
        .filter((f) => unexpected.includes(`${f.range.start.line + 1}:${f.rule}`))
        .map((f) => `  ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.rule}: ${f.message}`)
        .join('\n');
      assert.deepEqual({ missing, unexpected }, { missing: [], unexpected: [] }, `${name}\n${detail}`);
      for (const f of analysis.findings) {
        assert.ok(f.messages.en.trim() && f.messages['zh-cn'].trim(), `${f.rule} lacks a message in a language`);
      }
    });
  }
});

/** Multiset difference a − b. */
function diff(a: string[], b: string[]): string[] {
  const rest = [...b];
  const out: string[] = [];
  for (const x of a) {
    const i = rest.indexOf(x);
    if (i >= 0) rest.splice(i, 1);
    else out.push(x);
  }
  return out;
}
