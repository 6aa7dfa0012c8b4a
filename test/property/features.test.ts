/**
 * Property-based tests of the editor features on hostile documents: hover and
 * completion at any offset, the outline, folding and code lenses never throw
 * and only return ranges inside the document (in the shapes LSP clients
 * insist on: a symbol's selection inside its range, folds on real lines).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { codeLenses, complete, documentSymbols, foldingRanges, hover, LineIndex, type SymbolResult } from '../../server/src/core/index.js';
import { analyseCase, assertSpan, check, documentCase, documentText, referenceLineStarts, referencePosition, SEED } from './support.js';

function checkSymbol(s: SymbolResult, length: number, parent: SymbolResult | null, path: string): void {
  const what = `${path}/${s.kind} "${s.name}"`;
  assert.equal(typeof s.name, 'string');
  assertSpan(s.span, length, what);
  assertSpan(s.selectionSpan, length, `${what} selection`);
  // VS Code rejects a symbol whose selection range is not inside its range.
  assert.ok(s.selectionSpan.start >= s.span.start && s.selectionSpan.end <= s.span.end, `${what}: selection ${JSON.stringify(s.selectionSpan)} outside ${JSON.stringify(s.span)}`);
  if (parent) assert.ok(s.span.start >= parent.span.start && s.span.end <= parent.span.end, `${what}: outside its parent ${JSON.stringify(parent.span)}`);
  for (const c of s.children) checkSymbol(c, length, s, what);
}

describe(`property: editor features on hostile documents (seed ${SEED})`, function () {
  this.timeout(120000);

  it('hover, completion, symbols, folding and lenses never throw and stay inside the document', () =>
    check(
      fc.property(documentCase, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }), ({ text, options }, fractions) => {
        const a = analyseCase(text, options);
        const { locale, today } = options;
        const length = text.length;
        const starts = referenceLineStarts(text);
        // Random offsets, the ends of the text, and the edges of every finding.
        const offsets = new Set([0, length, ...fractions.map((f) => Math.floor(f * length))]);
        for (const f of a.findings.slice(0, 6)) offsets.add(f.span.start).add(f.span.end);
        for (const offset of offsets) {
          const h = hover(a, offset, locale, today);
          if (h) {
            assertSpan(h.span, length, `hover at ${offset}`);
            assert.ok(h.span.start <= offset && offset <= h.span.end, `hover at ${offset} describes ${JSON.stringify(h.span)}`);
            assert.ok(h.markdown.trim().length > 0, `empty hover at ${offset}`);
          }
          for (const c of complete(a, offset, locale)) {
            assertSpan(c.span, length, `completion at ${offset}`);
            assert.equal(c.span.end, offset, `completion at ${offset} replaces ${JSON.stringify(c.span)}`);
            assert.ok(!/[\r\n]/.test(text.slice(c.span.start, c.span.end)), `completion at ${offset} replaces across a line break`);
            assert.ok(c.label.length > 0 && c.insertText.length > 0, `empty completion at ${offset}`);
          }
          // Offsets and positions convert both ways (what every LSP request does first).
          const p = a.lines.positionAt(offset);
          assert.deepEqual(p, referencePosition(starts, offset));
          const back = a.lines.offsetAt(p);
          assert.ok(back === offset || (text[offset - 1] === '\r' && text[offset] === '\n' && back === offset - 1), `offsetAt(positionAt(${offset})) = ${back}`);
        }
        for (const s of documentSymbols(a, locale)) checkSymbol(s, length, null, '');
        for (const f of foldingRanges(a)) {
          assert.ok(Number.isInteger(f.startLine) && Number.isInteger(f.endLine));
          assert.ok(f.startLine >= 0 && f.startLine < f.endLine && f.endLine < starts.length, `fold ${JSON.stringify(f)} of ${starts.length} lines`);
        }
        for (const l of codeLenses(a, locale)) {
          assertSpan(l.span, length, 'code lens');
          assert.ok(l.title.trim().length > 0, 'empty code lens');
        }
        if (!a.isCallNote) {
          assert.deepEqual(documentSymbols(a, locale), []);
          assert.deepEqual(codeLenses(a, locale), []);
        }
      }),
      2500,
    ));

  it('convert out-of-range LSP positions to offsets inside the document', () =>
    check(
      fc.property(documentText, fc.integer({ min: -5, max: 400 }), fc.integer({ min: -5, max: 400 }), (text, line, character) => {
        const offset = new LineIndex(text).offsetAt({ line, character });
        assert.ok(Number.isInteger(offset) && offset >= 0 && offset <= text.length, `offsetAt(${line}:${character}) = ${offset}`);
        assert.ok(!(text[offset - 1] === '\r' && text[offset] === '\n'), `offsetAt(${line}:${character}) splits a CRLF`);
      }),
      2200,
    ));
});
