/**
 * The bugs the properties found, pinned as small examples so that each one
 * fails on its own, whatever the seed, if it ever comes back.
 */
import assert from 'node:assert/strict';
import { analyze, applyEdits, codeActions, mergeConfig, type Analysis, type CodeActionResult } from '../../server/src/core/index.js';
import { parseSection } from '../../server/src/core/parse/parseSection.js';
import { flattenSections, parseSections } from '../../server/src/core/parse/document.js';

/** A text parsed section by section, as the incremental path does. */
const bySections = (text: string) => flattenSections(parseSections(text));

const TODAY = '2026-06-15';
const run = (text: string, path = 'note.call.md', aliases = false): Analysis =>
  analyze(text, { path, today: TODAY, config: aliases ? mergeConfig({ stepAliases: { Offer: ['Proposal'], Confirm: ['Follow-up'] } }) : undefined });

/** Every quick fix offered for the findings of `a` (not the "disable" ones). */
function fixes(a: Analysis): CodeActionResult[] {
  return a.findings.flatMap((f) => codeActions(a, f.span, { locale: 'en', today: TODAY })).filter((x) => !x.title.startsWith('Disable'));
}

function fix(a: Analysis, title: RegExp): CodeActionResult {
  const found = fixes(a).filter((x) => title.test(x.title));
  assert.ok(found.length > 0, `no fix ${title}; offered: ${fixes(a).map((x) => x.title).join(', ')}`);
  return found[0];
}

const messages = (a: Analysis, rule: string) => a.findings.filter((f) => f.rule === rule).map((f) => f.messages.en);

describe('regressions found by the properties', () => {
  it('inserts a missing step at a depth that keeps it in its call (steps of different depths)', () => {
    const text = ' ###### 1. Explore\n  ## 3. Action:\n- [x] demo given due 2026-06-01\n';
    const a = run(text);
    const edit = fix(a, /Insert the Confirm step/);
    const after = run(applyEdits(text, edit.edits));
    assert.ok(!messages(after, 'missing-step').some((m) => /no Confirm step/.test(m)), applyEdits(text, edit.edits));
    // The inserted step's items are not swallowed by the Action step above it.
    assert.equal(after.model.calls[0].actions.length, 1);
  });

  it('fixes the call the finding is about when a file call and a heading call share a title', () => {
    // "确认" is a top-level Confirm step (of the file's call) and the heading of a call of its own.
    const text = '确认\n-\n  #### 探索:\n\n###### Proposal\n';
    const a = run(text, 'calls/y.md', true);
    const mine = a.findings.filter((f) => f.rule === 'missing-step' && /Call "确认" has no Action step/.test(f.messages.en));
    assert.equal(mine.length, 1);
    const edit = codeActions(a, mine[0].span, { locale: 'en', today: TODAY }).find((x) => x.fixes[0] === mine[0])!;
    const after = run(applyEdits(text, edit.edits), 'calls/y.md', true);
    assert.ok(!messages(after, 'missing-step').includes(mine[0].messages.en));
  });

  it('offers no step insertion into an unclosed code block or HTML comment at the end', () => {
    for (const text of ['# Explore\n~~~\n```\n', '## Explore\n- Business win: x\n\n## Offer\n- [O1] demo\n\n<!--\n## Action\n']) {
      const a = run(text);
      assert.ok(a.findings.some((f) => f.rule === 'missing-step'));
      for (const x of fixes(a)) {
        const after = run(applyEdits(text, x.edits));
        assert.ok(after.findings.length < a.findings.length || !x.title.startsWith('Insert'), `"${x.title}" changed nothing: ${JSON.stringify(x.edits)}`);
      }
      assert.ok(!fixes(a).some((x) => /Insert the Action step/.test(x.title)), 'offers an insertion that lands in the open block');
      // Disabling stays possible.
      assert.ok(codeActions(a, a.findings[0].span, { locale: 'en', today: TODAY }).some((x) => x.title.startsWith('Disable')));
    }
  });

  it('inserts a step above a disable-next-line comment, which keeps aiming at its line', () => {
    // At the end of a call, before the next call's heading the comment silences.
    const end = '# Call one\n\n## Offer\n- [O1] demo\n\n## Action\n- [x] O1 done\n\n<!-- mot-disable-next-line -->\n# Call two\n\n## Explore\n- Business win: x\n';
    const a = run(end);
    assert.ok(!messages(a, 'missing-step').some((m) => /Call two/.test(m)));
    const after = run(applyEdits(end, fix(a, /Insert the Confirm step/).edits));
    assert.ok(!messages(after, 'missing-step').some((m) => /Call two/.test(m)), 'the comment no longer silences "Call two"');
    assert.ok(!messages(after, 'missing-step').some((m) => /"Call one" has no Confirm/.test(m)));
    // Before a later step whose heading the comment silences.
    const later = '# Call\n\n<!-- mot-disable-next-line empty-step -->\n## Offer\n\n## Action\n- [x] done\n\n## Confirm\n- ok\n';
    const b = run(later);
    assert.deepEqual(messages(b, 'empty-step'), []);
    const afterB = run(applyEdits(later, fix(b, /Insert the Explore step/).edits));
    assert.deepEqual(messages(afterB, 'empty-step'), [], 'the Offer heading lost its suppression');
    assert.ok(!messages(afterB, 'missing-step').some((m) => /no Explore/.test(m)));
  });

  it('adds the missing cells of a record-sheet row shorter than its header', () => {
    const text = '| Interaction | Call 1 | Call 2 |\n|---|---|---|\n| Explore | Business win: a | Business win: b |\n| Offer | [O1] demo | [O2] pilot |\n| Action | [x] O1 done | [x] O2 done |\n| Confirm | O1: confirmed |\n';
    const a = run(text);
    const edit = fix(a, /Insert the Confirm step/);
    assert.deepEqual(edit.edits.length, 1);
    const after = run(applyEdits(text, edit.edits));
    assert.ok(!messages(after, 'missing-step').some((m) => /"Call 2" has no Confirm/.test(m)), applyEdits(text, edit.edits));
  });

  it('plans a confirmation inside the Confirm step, not in a call nested under it', () => {
    const text = '# Call\n\n## Offer\n- [O1] demo\n- [O2] pilot\n\n## Action\n- [x] O1 done\n- [x] O2 done\n\n## Confirm\n- O1: confirmed\n\n### Follow-up call\n\n#### Explore\n- Business win: x\n\n#### Offer\n- [O3] more\n';
    const a = run(text);
    const edit = fix(a, /Plan to ask the customer about O2/);
    const after = run(applyEdits(text, edit.edits));
    const o2 = after.model.calls.find((c) => c.title === 'Call')!.offers.find((o) => o.id?.id === 'O2')!;
    assert.deepEqual(o2.confirmations.map((c) => c.checked), [false], 'one planned confirmation of O2 in the Confirm step');
    assert.ok(messages(after, 'unconfirmed-offer').some((m) => /O2 is only planned/.test(m)));
    assert.deepEqual(after.model.calls.find((c) => c.title === 'Follow-up call')!.steps.map((s) => s.kind), ['explore', 'offer']);
  });

  it('plans a confirmation in a Confirm step written as lines, keeping the others', () => {
    const text = '# Call\n\n## Offer\n- [O1] demo\n- [O2] pilot\n\n## Action\n- [x] O1 done\n- [x] O2 done\n\n## Confirm\nO1: Stephen confirmed the demo helped.\n';
    const a = run(text);
    assert.deepEqual(messages(a, 'unconfirmed-offer').length, 1);
    const after = run(applyEdits(text, fix(a, /Plan to ask the customer about O2/).edits));
    assert.deepEqual(messages(after, 'unconfirmed-offer').map((m) => /O2 is only planned/.test(m)), [true], 'O1 lost its confirmation, or O2 is not planned');
  });

  it('inserts no step before a step heading nested in a list item', () => {
    const text = '# Call\n\n- a list item\n\n  ## Offer\n  - [O1] demo\n\n## Action\n- [x] O1 done\n';
    const a = run(text);
    assert.ok(!fixes(a).some((x) => /Insert the Explore step/.test(x.title)));
    assert.ok(fixes(a).some((x) => /Insert the Confirm step/.test(x.title)), 'the insertion at the end is still offered');
  });

  it('reads a suppression comment indented with a tab in a list item on its own line', () => {
    const text = '## Offer\n- O3: x\n* O3:\n\t<!-- mot-disable-next-line unconfirmed-offer -->\n\t- No: the committee\n\n## Explore\n';
    const a = run(text);
    assert.deepEqual(
      a.model.suppressions.map((s) => [s.kind, s.line]),
      [['next-line', 3]],
    );
    assert.ok(!a.findings.some((f) => f.rule === 'unconfirmed-offer' && f.range.start.line === 4));
  });

  it('never puts a disable comment before a byte order mark', () => {
    const text = '\uFEFF# Call\n\n## Explore\n- Business win: x\n';
    const a = run(text);
    const actions = codeActions(a, a.findings[0].span, { locale: 'en', today: TODAY }).filter((x) => x.title.startsWith('Disable'));
    assert.ok(actions.length > 0);
    for (const x of actions) for (const e of x.edits) assert.ok(e.span.start >= 1, `${x.title} inserts at ${e.span.start}`);
  });

  it('reports a front-matter alias bomb instead of throwing', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]'];
    const text = `---\n${bomb.join('\n')}\n---\n# Call\n\n## Explore\n- Business win: x\n`;
    const a = run(text);
    assert.match(messages(a, 'front-matter').join('\n'), /The front matter cannot be read: its aliases/);
  });

  it('shows a list or map value of a front-matter score, not the whole front matter', () => {
    const text = '---\ncustomer: FILTEX\nscore: [1, 2]\n---\n# Call\n\n## Explore\n- Business win: x\n';
    const m = messages(run(text), 'front-matter').join('\n');
    assert.match(m, /`score` 1,2 is not on the MOT scale/);
    assert.doesNotMatch(m, /object Object/);
  });

  it('keeps exact offsets in a note that starts with a byte order mark', () => {
    const text = '\uFEFF# Call with Stephen\n\n## Explore\n- Business win: x\n\n<!-- mot-disable-next-line unconfirmed-offer -->\n## Offer\n';
    const a = run(text);
    const missing = a.findings.find((f) => f.rule === 'missing-step')!;
    assert.equal(text.slice(missing.span.start, missing.span.end), 'Call with Stephen');
    assert.deepEqual(a.model.headings.map((h) => text.slice(h.textSpan.start, h.textSpan.end)), ['Call with Stephen', 'Explore', 'Offer']);
    assert.deepEqual(a.model.suppressions.map((s) => s.kind), ['next-line']);
  });

  it('points at the marker of a heading whose text is only Unicode spaces', () => {
    for (const space of ['\u00A0', '\u3000', '\u00A0\u00A0 ']) {
      const text = `# ${space}\n\n## Confirm\n- ok\n`;
      const missing = run(text).findings.filter((f) => f.rule === 'missing-step');
      assert.ok(missing.length > 0);
      for (const f of missing) assert.ok(f.span.end > f.span.start, `empty span ${JSON.stringify(f.span)} for ${JSON.stringify(space)}`);
    }
  });

  it('underlines the text of a record-sheet cell, not its pipe and padding', () => {
    const text = '| Interaction | Call 1 |\n|---|---|\n| Explore |   Business win: a   |\n| Offer | [O1] demo |\n';
    const a = run(text);
    for (const f of a.findings.filter((x) => x.rule === 'missing-wins' || x.rule === 'missing-expectation')) {
      assert.equal(text.slice(f.span.start, f.span.end), 'Business win: a', f.rule);
    }
    assert.ok(a.findings.some((x) => x.rule === 'missing-wins'));
  });

  it('reads a heading the same whether a link definition it uses is in its own section or an earlier one', () => {
    // Sections are parsed one by one: a reference must not read as "Explore" only when its definition is in reach.
    const text = '# Notes\n\n[Explore]: https://example.com\n[^1]: a note\n\n## Call\n\n### [Explore]\n\n### [Offer][Explore] [^1]\n- [O1] demo\n';
    const oneParse = parseSection(text).headings.map((h) => h.text);
    assert.deepEqual(oneParse, ['Notes', 'Call', '[Explore]', '[Offer][Explore] [^1]']);
    assert.deepEqual(bySections(text).headings.map((h) => h.text), oneParse);
  });

  it('parses a fence left open in a list item or quote at the end of a section as a whole-file parse does', () => {
    for (const text of [' # Offer\n- ```md\n## Offer\n```\n: credibility\n', '# A\n> ```\n## B\ntext\n']) {
      assert.deepEqual(bySections(text), { ...parseSection(text), openAtEnd: false }, JSON.stringify(text));
    }
  });

  it('reads the span of a heading or table cell that starts or ends with a bare URL from the source', () => {
    // GFM autolink literals are made after parsing and carry no position: the span fell back to offset 0.
    const text = '# Notes\n\n## https://example.com call\n\n| Offer | [[O1]: https://example.com |\n|---|---|\n| Confirm | ok |\n';
    const syntax = parseSection(text);
    const call = syntax.headings[1];
    assert.equal(text.slice(call.textStart, call.textEnd), 'https://example.com call');
    const cell = syntax.tables[0].rows[0].cells[1];
    assert.equal(text.slice(cell.textStart, cell.textEnd), '[[O1]: https://example.com');
    assert.deepEqual(bySections(text), { ...syntax, openAtEnd: false });
  });

  it('starts a task item\'s text after its box whatever follows it', () => {
    // mdast leaves the paragraph on `[x]` when emphasis, or a reference defined elsewhere, comes next.
    const text = '## Call\n### Action\n- [ ] *Send* the deck due 2026-01-01\n### Confirm\n- ok\n';
    assert.deepEqual(
      run(text).model.calls[0].steps[0].items.map((i) => i.text),
      ['*Send* the deck due 2026-01-01'],
    );
    const defined = '#### Notes\n[O1]: https://example.com\n### Explore\n- [x] [O1]: https://example.com\n';
    assert.deepEqual(bySections(defined), { ...parseSection(defined), openAtEnd: false });
  });
});

