/**
 * Property-based tests of the quick fixes on hostile documents: every offered
 * fix edits only inside the document, changes nothing outside its edits, and
 * never adds a finding of the rule it fixes; the fix itself makes its finding
 * go away (missing step, step typo, unconfirmed offer), and "disable for this
 * line / file" silences it. Fix-all never throws and terminates.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, codeActions, fixAll, fixesFor, type Analysis, type CodeActionResult, type Finding, type TextEdit } from '../../server/src/core/index.js';
import { toTextEdits } from '../../server/src/lsp/convert.js';
import { applyTextEdits } from '../lsp/client.js';
import { analyseCase, assertClean, assertSpan, check, documentCase, SEED } from './support.js';

const key = (f: Finding) => `${f.rule}\u0000${f.messages.en}`;
const count = (findings: Finding[], pred: (f: Finding) => boolean) => findings.filter(pred).length;

/** Checks the edits of an action against the text and returns the new text, built independently of applyEdits. */
function checkedApply(text: string, edits: TextEdit[], what: string): string {
  assert.ok(edits.length > 0, `${what}: no edits`);
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  for (const [i, e] of sorted.entries()) {
    assertSpan(e.span, text.length, `${what} edit`);
    assertClean(text, e.span.start, `${what} edit start`);
    assertClean(text, e.span.end, `${what} edit end`);
    assert.equal(typeof e.newText, 'string');
    if (i > 0) assert.ok(sorted[i - 1].span.end <= e.span.start, `${what}: edits overlap`);
    if (i > 0 && sorted[i - 1].span.end === e.span.start) assert.ok(sorted[i - 1].span.start < sorted[i - 1].span.end || e.span.start < e.span.end, `${what}: two insertions at one offset have no defined order`);
  }
  const out = applyEdits(text, edits);
  // Everything outside the edits is unchanged, in order.
  let cursorOld = 0;
  let cursorNew = 0;
  for (const e of sorted) {
    const kept = text.slice(cursorOld, e.span.start);
    assert.equal(out.slice(cursorNew, cursorNew + kept.length), kept, `${what}: text before an edit changed`);
    cursorNew += kept.length;
    assert.equal(out.slice(cursorNew, cursorNew + e.newText.length), e.newText, `${what}: edit text not where it belongs`);
    cursorNew += e.newText.length;
    cursorOld = e.span.end;
  }
  assert.equal(out.slice(cursorNew), text.slice(cursorOld), `${what}: text after the edits changed`);
  return out;
}

/** What an action is, from its title (English or Chinese). */
function actionKind(action: CodeActionResult): 'line' | 'file' | 'fix' {
  if (/for this line$|^在此行停用/.test(action.title)) return 'line';
  if (/for this file$|^在整个文件中停用/.test(action.title)) return 'file';
  return 'fix';
}

export function checkAction(a: Analysis, action: CodeActionResult, options: Parameters<typeof analyseCase>[1]): void {
  const fixed = action.fixes[0];
  const what = `"${action.title}" for ${fixed.rule} at ${JSON.stringify(fixed.span)}`;
  assert.ok(action.fixes.length > 0, `${what}: fixes nothing`);
  const text = checkedApply(a.text, action.edits, what);
  // The LSP form of the edits gives the same text.
  assert.equal(applyTextEdits(a.text, toTextEdits(a, action.edits)), text, `${what}: LSP edits differ`);
  const after = analyseCase(text, options).findings;
  const rule = fixed.rule;
  const before = a.findings;
  const kind = actionKind(action);
  if (kind === 'file') {
    assert.equal(count(after, (f) => f.rule === rule), 0, `${what}: the rule still reports in the file`);
    return;
  }
  assert.ok(count(after, (f) => f.rule === rule) <= count(before, (f) => f.rule === rule), `${what}: adds a ${rule} finding`);
  assert.ok(count(after, (f) => key(f) === key(fixed)) < count(before, (f) => key(f) === key(fixed)), `${what}: the finding is still there`);
}

describe(`property: quick fixes on hostile documents (seed ${SEED})`, function () {
  this.timeout(120000);

  it('change only their edits, never add a finding of their rule, and remove the finding they fix', () =>
    check(
      fc.property(documentCase, fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), ({ text, options }, picks) => {
        const a = analyseCase(text, options);
        const seen = new Set<string>();
        const actions: CodeActionResult[] = [];
        for (const f of a.findings) {
          for (const action of codeActions(a, f.span, { locale: options.locale, today: options.today })) {
            const id = `${action.title}\u0000${JSON.stringify(action.edits)}`;
            if (seen.has(id)) continue;
            seen.add(id);
            actions.push(action);
          }
        }
        if (a.findings.length) assert.ok(actions.length > 0, 'findings without any action (not even "disable")');
        // A few of them each time keeps the run short; the seed varies which.
        const chosen = new Set(picks.map((p) => p % Math.max(1, actions.length)));
        for (const i of chosen) if (actions[i]) checkAction(a, actions[i], options);
      }),
      900,
    ));

  it('fix-all never throws, ends, and leaves no step typo it could fix', () =>
    check(
      fc.property(documentCase, ({ text, options }) => {
        let runs = 0;
        const fixedText = fixAll(text, (t) => (runs++, analyseCase(t, options)), { locale: options.locale, today: options.today });
        assert.ok(runs <= 201, `fix-all ran ${runs} analyses`);
        if (fixedText === null) return;
        assert.notEqual(fixedText, text);
        const after = analyseCase(fixedText, options);
        assert.equal(count(after.findings, (f) => f.rule === 'step-typo' && fixesFor(after, f, options).length > 0), 0, 'a fixable step typo is left');
      }),
      200,
    ));
});
