import assert from 'node:assert/strict';
import { analyze, type Finding } from '../server/src/core/index.js';

const TODAY = '2026-06-15';

function only(findings: Finding[], rule: string): Finding {
  const hits = findings.filter((f) => f.rule === rule);
  assert.equal(hits.length, 1, `expected one ${rule}, got ${hits.length}: ${findings.map((f) => f.rule).join(', ')}`);
  return hits[0];
}

function textOf(text: string, f: Finding): string {
  return text.slice(f.span.start, f.span.end);
}

describe('exact ranges', () => {
  it('puts missing-step on the call heading text, in UTF-16 columns after CJK and emoji', () => {
    const text = '# 客户 🧵\n\n## 📞 第二次通话 Stephen\n\n### 探索\n- 企业利益：少停机\n- 个人利益：信誉\n- 明显的期望：报告\n\n### 提议\n- [O1] 报告\n\n### 行动\n- [x] O1 已发\n';
    const f = only(analyze(text, { today: TODAY }).findings, 'missing-step');
    assert.equal(textOf(text, f), '📞 第二次通话 Stephen');
    assert.deepEqual(f.range, { start: { line: 2, character: 3 }, end: { line: 2, character: 3 + '📞 第二次通话 Stephen'.length } });
    assert.equal('📞'.length, 2, 'emoji count two UTF-16 units');
  });

  it('keeps ranges exact with CRLF line ends', () => {
    const lf = '# Call\n\n## Explore\n- Business win: a\n- Personal win: b\n- Expectation: c\n\n## Offer\n- [O1] Demo 📅\n\n## Action\n- [ ] O1 demo due 2026-01-02\n\n## Confirm\n- O1: ok\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    const a = only(analyze(lf, { today: TODAY }).findings, 'overdue-action');
    const b = only(analyze(crlf, { today: TODAY }).findings, 'overdue-action');
    assert.deepEqual(a.range, b.range);
    assert.deepEqual(b.range, { start: { line: 11, character: 18 }, end: { line: 11, character: 28 } });
    assert.equal(textOf(crlf, b), '2026-01-02');
  });

  it('handles lone CR line ends like LSP does', () => {
    const text = '# Call\r\r## Explore\r- Business win: a\r- Personal win: b\r- Expectation: c\r\r## Offer\r- [O1] Demo\r\r## Action\r- [x] O1 done\r';
    const f = only(analyze(text, { today: TODAY }).findings, 'missing-step');
    assert.deepEqual(f.range, { start: { line: 0, character: 2 }, end: { line: 0, character: 6 } });
  });

  it('underlines the id for id rules and the score for score rules', () => {
    const text = '# Call\n## Explore\n- Business win: a\n- Personal win: b\n- Expectation: c\n## Offer\n- [O1] a\n- [O1] b\n## Action\n- [x] O1 🎉 O9 done\n## Confirm\n- O1: ok\nScore: +7\n';
    const findings = analyze(text, { today: TODAY }).findings;
    const dup = only(findings, 'duplicate-offer-id');
    assert.equal(textOf(text, dup), 'O1');
    assert.deepEqual(dup.range.start, { line: 7, character: 3 });
    assert.equal(dup.related.length, 1);
    assert.deepEqual(dup.related[0].range.start, { line: 6, character: 3 });
    const ref = only(findings, 'unknown-offer-ref');
    assert.equal(textOf(text, ref), 'O9');
    assert.deepEqual(ref.range, { start: { line: 9, character: 12 }, end: { line: 9, character: 14 } });
    const score = only(findings, 'score-range');
    assert.equal(textOf(text, score), '+7');
  });

  it('underlines the offer item without its list marker and points related information at Confirm', () => {
    const text = '# Call\n## Explore\n- Business win: a\n- Personal win: b\n- Expectation: c\n## Offer\n- [O1] Demo on Monday <!-- note -->\n## Action\n- [x] O1 done\n## Confirm\n- [ ] O1 ask Stephen\n';
    const f = only(analyze(text, { today: TODAY }).findings, 'unconfirmed-offer');
    assert.equal(textOf(text, f), '[O1] Demo on Monday');
    assert.equal(f.related.length, 1);
    assert.equal(text.slice(f.related[0].span.start, f.related[0].span.end), 'Confirm');
  });

  it('puts record-sheet missing steps on the column header', () => {
    const text = '| 互动 | 第一次 🙂 | 第二次 |\n|---|---|---|\n| 探索 | 企业利益：a；个人利益：b；明显的期望：c | 企业利益：a；个人利益：b；没有期望：c |\n| 提议 | [O1] 发邮件 | [O1] 演示 |\n| 行动 | [x] O1 已发 | [x] O1 已演示 |\n| 确认 | O1 已确认 | |\n';
    const f = only(analyze(text, { today: TODAY }).findings, 'missing-step');
    assert.equal(textOf(text, f), '第二次');
    assert.equal(f.data?.step, 'confirm');
  });
});

describe('hostile long lines', () => {
  it('neutralises inline markers only in long lines, keeping length, list markers and task boxes', async () => {
    const { tameLongLines } = await import('../server/src/core/parse/parseSection.js');
    const short = '- [ ] O1 *call* [back](x) ~~soon~~\n';
    assert.equal(tameLongLines(short), short);
    const long = `- [ ] O1 due 2026-01-01 ${'*a~[b](c)'.repeat(600)}\n`;
    const tamed = tameLongLines(long);
    assert.equal(tamed.length, long.length);
    assert.ok(tamed.startsWith('- [ ] O1 due 202'));
    assert.doesNotMatch(tamed.slice(16), /[*~[\]()]/);
  });

  it('analyses a 200,000-character line of emphasis markers and still reads its item', () => {
    const text = `# Call\n## Action\n- [ ] O1 call back ${'*a'.repeat(100_000)}\n## Offer\n- [O1] x\n`;
    const a = analyze(text, { today: TODAY });
    const action = a.model.calls[0].actions[0];
    assert.equal(action.checked, false);
    assert.deepEqual(action.mentions.map((m) => m.id), ['O1']);
    assert.ok(a.findings.some((f) => f.rule === 'step-order'));
  });
});
