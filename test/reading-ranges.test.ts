/**
 * Exact ranges for the ways people write notes (FORMAT.md "Reading notes as
 * people write them"): labels, dates as people write them and transposed
 * record sheets, in CJK text, with emoji and with CRLF line ends. Expected
 * columns are counted by hand in UTF-16 code units.
 */
import assert from 'node:assert/strict';
import { analyze, mergeConfig, type Finding } from '../server/src/core/index.js';

const TODAY = '2026-12-01';

function hits(text: string, rule: string, config = {}): Finding[] {
  return analyze(text, { today: TODAY, config: mergeConfig(config), path: 'n.call.md' }).findings.filter((f) => f.rule === rule);
}

function slice(text: string, f: Finding): string {
  return text.slice(f.span.start, f.span.end);
}

const crlf = (s: string) => s.replace(/\n/g, '\r\n');

describe('exact ranges in notes written as people write them', () => {
  it('puts overdue-action on a Chinese date with 前, after CJK and emoji, with LF and CRLF alike', () => {
    const lf = '# 🧵 华方纺织 2026-11-02\n\n**探索：** 企业利益：降低能耗；个人利益：少加班；明显的期望：月底前拿到方案\n\n**提议：** [O1] 发送节能方案\n\n**行动：**\n- [ ] O1 发送节能方案，11月20日前 @王磊\n\n**确认：** O1：客户确认方案合适\n';
    for (const text of [lf, crlf(lf)]) {
      const [f, ...rest] = hits(text, 'overdue-action');
      assert.equal(rest.length, 0);
      assert.equal(slice(text, f), '11月20日前'.slice(0, 6));
      // Line 7: "- [ ] O1 发送节能方案，" is 16 UTF-16 units.
      assert.deepEqual(f.range, { start: { line: 7, character: 16 }, end: { line: 7, character: 22 } });
    }
  });

  it('puts missing-step on the call heading of a call written with labels, in UTF-16 columns after an emoji', () => {
    const lf = '## 📞 Call with Nancy (Nov 2)\n\n**Explore:** Business win: fewer stoppages. Personal win: credit with her boss. Expectation: a plan this month.\n\n**Offer:** [O1] Send the plan by Nov 20\n\n**Next steps:** I\'ll send the plan by Nov 20 @paul\n';
    for (const text of [lf, crlf(lf)]) {
      const [f, ...rest] = hits(text, 'missing-step');
      assert.equal(rest.length, 0, 'only Confirm is missing');
      assert.match(f.message, /Confirm/);
      assert.equal(slice(text, f), '📞 Call with Nancy (Nov 2)');
      assert.deepEqual(f.range, { start: { line: 0, character: 3 }, end: { line: 0, character: 3 + '📞 Call with Nancy (Nov 2)'.length } });
    }
  });

  it('reads "by Nov 20" against the call\'s year and reports it overdue on the words of the date', () => {
    const text = '## Call with Nancy (2026-11-02)\n\n### Explore\n- Business win: fewer stoppages\n- Personal win: credit\n- Expectation: a plan\n\n### Offer\n- [O1] Send the plan\n\n### Action\n- [ ] O1 send the plan by Nov 20 @paul\n\n### Confirm\n- O1: she said it fits\n';
    const [f] = hits(text, 'overdue-action');
    assert.equal(slice(text, f), 'Nov 20');
    assert.deepEqual(f.range, { start: { line: 11, character: 26 }, end: { line: 11, character: 32 } });
    assert.match(f.message, /2026-11-20/);
  });

  it('reports an ambiguous numeric due date as such, and reads it once dateOrder says how', () => {
    const text = '## Call (2026-10-01)\n\n### Explore\n- Business win: a\n- Personal win: b\n- Expectation: c\n\n### Offer\n- [O1] Quote\n\n### Action\n- [ ] O1 send the quote due 03/11/2026 @paul\n\n### Confirm\n- O1: fine\n';
    const [f] = hits(text, 'vague-action');
    assert.match(f.message, /03\/11\/2026 reads two ways/);
    assert.match(f.messages['zh-cn'], /有两种读法/);
    assert.equal(hits(text, 'overdue-action').length, 0);
    const [late] = hits(text, 'overdue-action', { dateOrder: 'dmy' });
    assert.equal(slice(text, late), '03/11/2026');
    assert.match(late.message, /2026-11-03/);
    assert.equal(hits(text, 'vague-action', { dateOrder: 'dmy' }).length, 0);
    assert.equal(hits(text, 'overdue-action', { dateOrder: 'mdy' }).length, 1, 'March 11 is past too');
  });

  it('puts missing-step of a transposed record sheet on the call\'s row label, exact after CJK, with CRLF', () => {
    const lf = '---\nmot: true\n---\n\n| 日期 | 探索 | 提议 | 行动 |\n|---|---|---|---|\n| 11月2日 严总 | 企业利益：少停机；个人利益：信誉；明显的期望：报告 | [O1] 发报告 | - [x] O1 已发 |\n';
    for (const text of [lf, crlf(lf)]) {
      const found = hits(text, 'missing-step');
      assert.equal(found.length, 1, found.map((f) => f.message).join(' | '));
      const f = found[0];
      assert.match(f.messages['zh-cn'], /确认/);
      assert.equal(slice(text, f), '11月2日 严总');
      assert.deepEqual(f.range, { start: { line: 6, character: 2 }, end: { line: 6, character: 10 } });
    }
  });

  it('puts unconfirmed-offer on the offer of a negated confirmation, not on the confirmation', () => {
    const lf = '# 客户拜访 2026-11-02\n\n## 探索\n- 企业利益：降本\n- 个人利益：少加班\n- 明显的期望：方案\n\n## 提议\n- [O1] 发送方案 🧵\n\n## 行动\n- [x] O1 已发送\n\n## 确认\n- 她没有试图了解方案是否满足了客户的需求\n';
    for (const text of [lf, crlf(lf)]) {
      const [f, ...rest] = hits(text, 'unconfirmed-offer');
      assert.equal(rest.length, 0);
      assert.equal(slice(text, f), '[O1] 发送方案 🧵');
      assert.deepEqual(f.range, { start: { line: 8, character: 2 }, end: { line: 8, character: 2 + '[O1] 发送方案 🧵'.length } });
    }
  });
});

describe('owners as people write them', () => {
  it('takes the name after an owner label, not the rest of the line', async () => {
    const { findOwners } = await import('../server/src/core/model/items.js');
    assert.deepEqual(findOwners('Owner: Paul book the pilot'), ['Paul']);
    assert.deepEqual(findOwners('Owner: Paul Thomas, due Friday'), ['Paul Thomas']);
    assert.deepEqual(findOwners('负责人：王磊 11月20日前发方案'), ['王磊']);
    assert.deepEqual(findOwners('责任人：欧阳娜娜负责跟进'), ['欧阳娜娜']);
    assert.deepEqual(findOwners('- [ ] book the room @amy'), ['amy']);
  });
});
