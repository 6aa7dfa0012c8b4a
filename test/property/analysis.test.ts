/**
 * Property-based tests of the analysis core on hostile documents: it never
 * throws, every range lies inside the document and matches its offsets,
 * every finding has a registered rule and both messages, and the result is
 * deterministic (also when a section cache is reused between edits).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AnalysisCache, analyze, RULE_IDS } from '../../server/src/core/index.js';
import { ALIASES, analyseCase, assertClean, assertSpan, check, documentCase, documentText, referenceLineStarts, referencePosition, SEED } from './support.js';

type CaseOptions = Parameters<typeof analyseCase>[1];

/** The invariants of one analysis: no throw, exact ranges, registered rules, both messages. */
export function checkAnalysis(text: string, options: CaseOptions): void {
  const errors: string[] = [];
  const a = analyze(text, {
    path: options.path,
    locale: options.locale,
    today: options.today,
    config: options.aliases ? ALIASES : undefined,
    onRuleError: (rule, e) => errors.push(`${rule}: ${(e as Error)?.stack ?? e}`),
  });
  assert.deepEqual(errors, [], 'a rule threw');
  const starts = referenceLineStarts(text);
  assert.deepEqual(Array.from(a.lines.lineStarts), starts, 'line index');
  for (const f of a.findings) {
    const what = `${f.rule} ${JSON.stringify(f.span)}`;
    assert.ok((RULE_IDS as readonly string[]).includes(f.rule), `unregistered rule ${f.rule}`);
    assertSpan(f.span, text.length, what);
    // The smallest span that shows the problem: not empty, not padded, never half a character or line break.
    assert.ok(f.span.end > f.span.start, `${what}: empty span`);
    assertClean(text, f.span.start, `${what} start`);
    assertClean(text, f.span.end, `${what} end`);
    if (f.rule !== 'front-matter') assert.ok(!/^\s|\s$/.test(text.slice(f.span.start, f.span.end)), `${what}: span starts or ends with white space`);
    assert.deepEqual(f.range.start, referencePosition(starts, f.span.start), `${what}: start position`);
    assert.deepEqual(f.range.end, referencePosition(starts, f.span.end), `${what}: end position`);
    assert.ok(f.range.start.line < f.range.end.line || (f.range.start.line === f.range.end.line && f.range.start.character <= f.range.end.character), `${what}: range ends before it starts`);
    assert.equal(typeof f.messages.en, 'string');
    assert.equal(typeof f.messages['zh-cn'], 'string');
    assert.ok(f.messages.en.trim().length > 0 && f.messages['zh-cn'].trim().length > 0, `${what}: empty message`);
    assert.equal(f.message, f.messages[options.locale], `${what}: message not in the requested locale`);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(f.severity), `${what}: severity ${f.severity}`);
    for (const r of f.related) {
      assertSpan(r.span, text.length, `${what} related`);
      assert.deepEqual(r.range.start, referencePosition(starts, r.span.start));
      assert.deepEqual(r.range.end, referencePosition(starts, r.span.end));
      assert.ok(r.message.en.trim() && r.message['zh-cn'].trim(), `${what}: empty related message`);
    }
  }
  if (!a.isCallNote) assert.deepEqual(a.findings, [], 'findings in a file that is not a call note');
}

/** The same findings twice, and with a cache that last saw other versions of the document. */
export function checkDeterminism(text: string, options: CaseOptions, previous: string): void {
  const fresh = analyseCase(text, options).findings;
  assert.deepEqual(analyseCase(text, options).findings, fresh, 'second run differs');
  // An editor session: the cache last saw another version of the document.
  const cache = new AnalysisCache();
  analyseCase(previous, options, cache);
  analyseCase(previous + text, options, cache);
  assert.deepEqual(analyseCase(text, options, cache).findings, fresh, 'cached run differs from a fresh one');
}

describe(`property: analysis of hostile documents (seed ${SEED})`, function () {
  this.timeout(120000);

  it('never throws; ranges lie inside the document and agree with its lines; rules and messages are registered', () =>
    check(
      fc.property(documentCase, ({ text, options }) => checkAnalysis(text, options)),
      3800,
    ));

  it('gives the same findings when run twice, and with a reused section cache after an edit', () =>
    check(
      fc.property(documentCase, documentText, ({ text, options }, previous) => checkDeterminism(text, options, previous)),
      600,
    ));
});
