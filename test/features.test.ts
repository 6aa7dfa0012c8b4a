/**
 * The editor features of the core, called in process on notes held in
 * memory, with the cursor marked `|` in the text and the exact results
 * asserted: hover, completion and code actions (fix all included). The
 * language-server tests check the same features through the protocol; these
 * say what each answers, and run in milliseconds.
 */
import assert from 'node:assert/strict';
import { analyze, applyEdits, codeActions, complete, fixAll, hover, type Analysis, type Locale } from '../server/src/core/index.js';
import { STEP_COACHING, WIN_COACHING } from '../server/src/core/features/coaching.js';
import { cursor } from './helpers.js';

const TODAY = '2026-11-21';

/** A complete call, as the README shows it; `{confirm}` is the Confirm step's heading. */
const NOTE = `# Call with Stephen, 2026-11-20

## Explore
- Business win: better communication between the mills and head office
- Personal win: credibility with the executive committee
- Expectation (implicit): something he can show the committee on Monday

## Offer
- [O1] A demo of the intranet for the committee on Monday
- [O2] A training for the mills

## Action
- [ ] O1 Prepare the demo due 2026-11-23 @paul
- [ ] O2 Plan the training

## Confirm
- O1 Stephen said the demo is exactly what the committee needs

Score: +2
`;

const analyse = (text: string, today = TODAY, locale: Locale = 'en'): Analysis => analyze(text, { path: 'stephen.call.md', today, locale });

/** The note with the cursor where `|` is put in place of `marker`'s `|`. */
function marked(text: string, marker: string): { text: string; offset: number } {
  const plain = marker.replace('|', '');
  assert.ok(text.includes(plain), `no ${JSON.stringify(plain)} in the note`);
  return cursor(text.replace(plain, marker));
}

describe('features in process: hover', () => {
  const hoverAt = (text: string, marker: string, locale: Locale = 'en', today = TODAY) => {
    const at = marked(text, marker);
    const h = hover(analyse(at.text, today, locale), at.offset, locale, today);
    return h && { markdown: h.markdown, over: at.text.slice(h.span.start, h.span.end) };
  };

  it("shows a step heading's meaning and checklist, in the asked language", () => {
    assert.deepEqual(hoverAt(NOTE, '## Con|firm'), { markdown: STEP_COACHING.confirm.en, over: 'Confirm' });
    assert.deepEqual(hoverAt(NOTE, '## Ex|plore', 'zh-cn'), { markdown: STEP_COACHING.explore['zh-cn'], over: 'Explore' });
  });

  it("defines a win label over the label only", () => {
    assert.deepEqual(hoverAt(NOTE, '- Busi|ness win'), { markdown: WIN_COACHING.business.en, over: 'Business win:' });
    assert.match(WIN_COACHING.business.en, /^\*\*Business win\*\* — what the customer's \*organisation\* gains/);
  });

  it("places a score on the MOT scale", () => {
    const h = hoverAt(NOTE, 'Score: +|2');
    assert.equal(h?.over, '+2');
    const [meaning, moment, table] = h!.markdown.split('\n\n');
    assert.equal(meaning, '**+2** — exceeded expectations');
    assert.equal(moment, 'A positive moment of truth: value was created for the customer.');
    assert.equal(table.split('\n').length, 2 + 7, 'a header, a rule and the seven scores −3 … +3');
    assert.match(hoverAt(NOTE.replace('Score: +2', 'Score: +5'), 'Score: +|5')!.markdown, /^Score \*\*\+5\*\* is not on the MOT scale/);
  });

  it("tells what was done and confirmed about an offer, from any mention of its id", () => {
    assert.deepEqual(hoverAt(NOTE, '- [ ] O|1 Prepare'), {
      over: 'O1',
      markdown: [
        '**O1** — A demo of the intranet for the committee on Monday',
        '',
        '**Actions**',
        '- ⏳ open, due 2026-11-23: O1 Prepare the demo due 2026-11-23 @paul',
        '',
        '**Confirmations**',
        '- ✅ confirmed: O1 Stephen said the demo is exactly what the committee needs',
        '',
        'Status: confirmed.',
      ].join('\n'),
    });
    const o2 = hoverAt(NOTE, '- [O|2]')!;
    assert.equal(o2.over, 'O2');
    assert.match(o2.markdown, /- ⏳ open, no due date: O2 Plan the training\n/);
    assert.match(o2.markdown, /\*\*Confirmations\*\*\n- none — the customer has not been asked whether it met the expectation\n\nStatus: \*\*not confirmed\*\*\.$/);
  });

  it('marks an open action past its due date as overdue', () => {
    assert.match(hoverAt(NOTE, '- [ ] O|1 Prepare', 'en', '2026-11-24')!.markdown, /^- ⚠️ overdue \(due 2026-11-23\): O1 Prepare the demo/m);
  });

  it('says nothing on plain text, nor anywhere in a note that is not a call note', () => {
    assert.equal(hoverAt(NOTE, 'better commu|nication'), null);
    const readme = '# Project\n\nSome notes about the build.\n';
    assert.equal(hoverAt(readme, 'Pro|ject'), null);
  });
});

describe('features in process: completion', () => {
  const completeAt = (text: string, marker: string, locale: Locale = 'en') => {
    const at = marked(text, marker);
    return complete(analyse(at.text), at.offset, locale).map((c) => ({ ...c, replaces: at.text.slice(c.span.start, c.span.end) }));
  };

  it("proposes the four steps after a heading's #, in order, in both languages, replacing the word typed", () => {
    const items = completeAt(NOTE.replace('## Confirm', '## Con'), '## Con|');
    assert.deepEqual(
      items.map((c) => [c.label, c.insertText, c.kind, c.detail, c.replaces]),
      [
        ['Explore', 'Explore', 'step', 'MOT step 1 of 4', 'Con'],
        ['探索', '探索', 'step', 'MOT step 1 of 4', 'Con'],
        ['Offer', 'Offer', 'step', 'MOT step 2 of 4', 'Con'],
        ['提议', '提议', 'step', 'MOT step 2 of 4', 'Con'],
        ['Action', 'Action', 'step', 'MOT step 3 of 4', 'Con'],
        ['行动', '行动', 'step', 'MOT step 3 of 4', 'Con'],
        ['Confirm', 'Confirm', 'step', 'MOT step 4 of 4', 'Con'],
        ['确认', '确认', 'step', 'MOT step 4 of 4', 'Con'],
      ],
    );
    assert.equal(items[6].documentation, STEP_COACHING.confirm.en);
  });

  it('proposes the Explore labels at the start of an Explore item, Chinese first for a Chinese user', () => {
    const items = completeAt(NOTE.replace('- Personal win: credibility with the executive committee', '- Per'), '- Per|', 'zh-cn');
    assert.deepEqual(
      items.map((c) => [c.label, c.insertText]),
      [
        ['企业利益', '企业利益：'],
        ['Business win', 'Business win: '],
        ['个人利益', '个人利益：'],
        ['Personal win', 'Personal win: '],
        ['客户期望（明显的期望）', '客户期望（明显的期望）：'],
        ['Expectation (explicit)', 'Expectation (explicit): '],
        ['客户期望（潜在的期望）', '客户期望（潜在的期望）：'],
        ['Expectation (implicit)', 'Expectation (implicit): '],
        ['客户期望（没有期望）', '客户期望（没有期望）：'],
        ['Expectation (none)', 'Expectation (none): '],
      ],
    );
    assert.ok(items.every((c) => c.kind === 'label' && c.detail === '探索标签' && c.replaces === 'Per'));
  });

  it("proposes the call's offer ids in an Action item, with what each offers", () => {
    const items = completeAt(NOTE.replace('- [ ] O2 Plan the training', '- [ ] O'), '- [ ] O|');
    assert.deepEqual(
      items.map((c) => [c.label, c.insertText, c.kind, c.detail, c.replaces]),
      [
        ['O1', 'O1', 'offer', 'A demo of the intranet for the committee on Monday', 'O'],
        ['O2', 'O2', 'offer', 'A training for the mills', 'O'],
      ],
    );
  });

  it('proposes nothing inside an offer, after a written label, or in plain text', () => {
    assert.deepEqual(completeAt(NOTE, '- [O1] A de|mo'), []);
    assert.deepEqual(completeAt(NOTE, '- Business win: |better'), []);
    assert.deepEqual(completeAt(NOTE, 'Score|: +2'), []);
  });
});

describe('features in process: code actions', () => {
  const options = { locale: 'en' as Locale, today: TODAY };
  /** The code actions for the range marked `|…|` (or the cursor `|`). */
  const actionsAt = (text: string, marker: string) => {
    const at = marked(text, marker);
    const a = analyse(at.text);
    return { text: at.text, actions: codeActions(a, { start: at.offset, end: at.offset }, options) };
  };
  const rules = (text: string) => analyse(text).findings.map((f) => f.rule);

  it('inserts a missing Confirm step that plans to ask about every offer, and marks none confirmed', () => {
    const withoutConfirm = NOTE.replace('## Confirm\n- O1 Stephen said the demo is exactly what the committee needs\n\n', '');
    const { text, actions } = actionsAt(withoutConfirm, '# Call| with Stephen');
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred ?? false, a.safe ?? false]),
      [
        ['Insert the Confirm step', true, true],
        ['Disable missing-step for this line', false, false],
        ['Disable missing-step for this file', false, false],
      ],
    );
    const fixed = applyEdits(text, actions[0].edits);
    assert.equal(
      fixed,
      `${withoutConfirm}\n## Confirm\n- [ ] O1 Ask: "Did we provide the service you needed?"\n- [ ] O2 Ask: "Did we provide the service you needed?"\n`,
    );
    // Planned, not done: both offers stay unconfirmed until the customer answered.
    assert.deepEqual(rules(fixed), ['unconfirmed-offer', 'unconfirmed-offer', 'vague-action']);
  });

  it('plans a confirmation for an unconfirmed offer in the Confirm step, as an open task', () => {
    const { text, actions } = actionsAt(NOTE, '- [O|2]');
    assert.deepEqual(actions.map((a) => a.title), ['Plan to ask the customer about O2', 'Disable unconfirmed-offer for this line', 'Disable unconfirmed-offer for this file']);
    assert.equal(actions[0].safe, undefined, 'Fix all never plans what to ask the customer');
    const fixed = applyEdits(text, actions[0].edits);
    assert.ok(
      fixed.includes('## Confirm\n- O1 Stephen said the demo is exactly what the committee needs\n- [ ] O2 Ask: "Did we provide the service you needed?"\n'),
      fixed,
    );
  });

  it('renames a misspelt step, and that alone fixes the step it hid', () => {
    const typo = NOTE.replace('## Confirm', '## Confrim');
    assert.deepEqual(rules(typo).sort(), ['missing-step', 'step-typo', 'unconfirmed-offer', 'unconfirmed-offer', 'vague-action']);
    const { text, actions } = actionsAt(typo, '## Conf|rim');
    assert.deepEqual(actions[0], { ...actions[0], title: 'Change to "Confirm"', isPreferred: true, safe: true });
    assert.equal(applyEdits(text, actions[0].edits), NOTE);
  });

  it('does not prefer inserting a step whose heading is only misspelt, and fix all renames it instead', () => {
    const typo = NOTE.replace('## Confirm', '## Confrim');
    const insert = actionsAt(typo, '# Call| with Stephen').actions.find((a) => a.title === 'Insert the Confirm step');
    assert.ok(insert, 'the insertion is still offered');
    assert.equal(insert.isPreferred, undefined);
    assert.equal(insert.safe, undefined);
    assert.equal(fixAll(typo, (t) => analyse(t), options), NOTE);
  });

  it('fix all renames typos and inserts the steps still missing, then stops', () => {
    const text = NOTE.replace('## Explore', '## Exlpore').replace('## Confirm\n- O1 Stephen said the demo is exactly what the committee needs\n\n', '');
    const fixed = fixAll(text, (t) => analyse(t), options)!;
    assert.ok(fixed.startsWith('# Call with Stephen, 2026-11-20\n\n## Explore\n'), fixed);
    assert.equal(fixed.match(/^## Confirm$/gm)?.length, 1);
    assert.deepEqual(rules(fixed), ['unconfirmed-offer', 'unconfirmed-offer', 'vague-action']);
    assert.equal(fixAll(fixed, (t) => analyse(t), options), null, 'nothing left that fix all may fix');
  });

  it('disables a rule for the line above it, which silences that finding only', () => {
    const { text, actions } = actionsAt(NOTE, '- [ ] O2 Plan| the training');
    assert.deepEqual(actions.map((a) => a.title), ['Disable vague-action for this line', 'Disable vague-action for this file']);
    const fixed = applyEdits(text, actions[0].edits);
    assert.ok(fixed.includes('- [ ] O1 Prepare the demo due 2026-11-23 @paul\n<!-- mot-disable-next-line vague-action -->\n- [ ] O2 Plan the training\n'), fixed);
    assert.deepEqual(rules(fixed), ['unconfirmed-offer']);
    assert.deepEqual(actions[1].edits, [{ span: { start: 0, end: 0 }, newText: '<!-- mot-disable-file vague-action -->\n' }]);
  });

  it('titles the fixes of a Chinese call in Chinese', () => {
    const zh = '# 与 Stephen 的电话\n\n## 探索\n- 企业利益：沟通\n- 个人利益：信誉\n- 客户期望（潜在的期望）：演示\n\n## 提议\n- [O1] 演示\n\n## 行动\n- [ ] O1 准备演示 截止 2026-11-23 @paul\n\n评分：+2\n';
    const at = marked(zh, '# 与| Stephen');
    const titles = codeActions(analyse(at.text, TODAY, 'zh-cn'), { start: at.offset, end: at.offset }, { locale: 'zh-cn', today: TODAY }).map((a) => a.title);
    assert.deepEqual(titles, ['插入“确认”步骤', '在此行停用 missing-step', '在整个文件中停用 missing-step']);
  });

  it('offers nothing where there is no finding', () => {
    assert.deepEqual(actionsAt(NOTE, '- Business| win').actions, []);
  });
});
