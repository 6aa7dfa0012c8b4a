/**
 * What the property tests share: fast-check arbitraries for hostile call
 * notes — documents assembled from call-note pieces (step headings in both
 * languages with numbering, emoji and brackets, Explore labels, offer ids,
 * scores, dates, owners, task items, record sheets, fences, HTML, front matter
 * valid and broken, suppression comments) mixed with arbitrary Unicode (CJK,
 * emoji, zero-width characters, lone surrogates, NUL, BOM) and joined with CR,
 * LF and CRLF line ends — plus the seed, the runner and range helpers.
 *
 * The seed is fixed (20261122) unless `MOT_SEED` says otherwise; a failure
 * prints it. `MOT_RUNS_SCALE=10` runs ten times as many cases.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze, mergeConfig, RULE_IDS, type Analysis, type MotConfig, type Position, type AnalysisCache, type Span } from '../../server/src/core/index.js';

/** The seed of every property: `MOT_SEED` when set, else a fixed one so CI is repeatable. */
export const SEED = process.env.MOT_SEED !== undefined && process.env.MOT_SEED !== '' ? Number(process.env.MOT_SEED) : 20261122;

/** Scales every property's number of runs (`MOT_RUNS_SCALE=10` for a long local hunt). */
const SCALE = Number(process.env.MOT_RUNS_SCALE ?? '1') || 1;

/** The fast-check parameters of a property with `runs` cases. */
export function params(runs: number): fc.Parameters<unknown> {
  return { seed: SEED, numRuns: Math.max(1, Math.round(runs * SCALE)) };
}

/**
 * Runs a property and, when it fails, says how to reproduce it (fast-check's
 * own report carries the seed and the shrunk counterexample too).
 */
export function check<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts>, runs: number): void {
  const p = params(runs) as fc.Parameters<Ts>;
  const fail = (error: unknown): never => {
    const hint = `property failed with seed ${SEED}; reproduce with: MOT_SEED=${SEED} npx mocha --no-config -n import=tsx --timeout 600000 'test/property/*.test.ts'`;
    // eslint-disable-next-line no-console
    console.error(hint);
    if (error instanceof Error) error.message = `${hint}\n${error.message}`;
    throw error;
  };
  try {
    fc.assert(property, p);
  } catch (error) {
    fail(error);
  }
}

const pick = <T>(...values: T[]) => fc.constantFrom(...values);

// ---------------------------------------------------------------------------
// Unicode noise

/** A lone UTF-16 surrogate (never valid on its own). */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Characters that have broken text tools before. */
const nasty = pick(
  ...['\0', '\uFEFF', '\u200B', '\u200C', '\u200D', '\u2028', '\u2029', '\u00A0', '\u3000', '\u0085', '\uFFFD', '\uFFFF', '\u{10FFFF}', '\u0301'],
  ...['\t', '\v', '\f', '\r', '\n', '\r\n'],
  ...['👩‍👩‍👧', '🇨🇳', '🔍', '✅', '1️⃣', '📅', '＃', '：', '（', '）', '【', '】', '，', '；', '−', '－', '＋'],
  ...['<br>', '|', '\\', '`', '*', '_', '~', '[', ']', '<!--', '-->', '<', '>', '&', '#', '-', '+'],
);

const cjk = fc.array(fc.integer({ min: 0x4e00, max: 0x9fff }), { minLength: 1, maxLength: 6 }).map((cs) => String.fromCharCode(...cs));

/** Arbitrary Unicode: whole code points, lone surrogates, CJK and the characters above. */
export const noise = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) }, { weight: 1, arbitrary: loneSurrogate }, { weight: 3, arbitrary: nasty }, { weight: 2, arbitrary: cjk }, { weight: 2, arbitrary: fc.string({ maxLength: 8 }) }), {
    maxLength: 6,
  })
  .map((parts) => parts.join(''));

/** Short human text, sometimes with noise. */
const words = fc.oneof(
  { weight: 4, arbitrary: pick('Demo of the intranet', 'call back Monday', 'the committee', 'pilot for 10 users', '给 Paul 发紧急邮件', '周一前回电', 'FILTEX', 'pass the message on', '') },
  // How people write what happened (FORMAT.md "What an item says"): negations, pending words, declines, promises, ranges.
  { weight: 2, arbitrary: pick("Didn't check whether that was enough", 'Need to check with him once he has seen the draft', '待确认：O2', '她没有试图了解客户的需求', "Sorry, we can't do that", '很抱歉，我们不能承接', "I'll send the deck by Friday", 'O1–O4 all fine', 'all offers confirmed', 'see https://x.example/O1 and `O2`', 'Sent it on Tuesday', '已发送', '下周二前回复') },
  { weight: 2, arbitrary: noise },
  { weight: 1, arbitrary: cjk },
);

// ---------------------------------------------------------------------------
// Call-note pieces

const STEP_WORDS = ['Explore', 'Offer', 'Action', 'Confirm', '探索', '提议', '行动', '确认'];
const TYPOS = ['Confrim', 'Exlpore', 'Actions', 'Ofer', 'Confirmm', 'Explroe', 'Acton', 'Proposal', '确任', '行程', 'Follow-up'];

const caseVariant = (w: string) => pick(w, w.toLowerCase(), w.toUpperCase());

const stepWord = fc.oneof(
  { weight: 6, arbitrary: pick(...STEP_WORDS).chain(caseVariant) },
  { weight: 2, arbitrary: pick(...TYPOS).chain(caseVariant) },
  { weight: 1, arbitrary: pick('探索 Explore', 'Offer 提议', 'Action / 行动', '确认 Confirm', 'Explore Offer', 'Step 1: Explore') },
);

const numbering = pick('', '', '', '1. ', '2) ', '一、', '二、', '第三步 ', 'Step 4: ', 'a. ', 'iv. ', '1.2 ', '第 1 步：');
const decoration = pick('', '', '', '🔍 ', '✅ ', '1️⃣ ', '**', '`', '<!-- c --> ');
const brackets = pick(['', ''], ['', ''], ['【', '】'], ['[', ']'], ['(', ')'], ['「', '」'], ['（', '）']);
const trailing = pick('', '', '', ':', '：', '.', ' ✅', ' <!-- note -->', ' #', ' ##');

/** A step heading, decorated and numbered. */
const stepHeading = fc
  .tuple(fc.integer({ min: 1, max: 6 }), pick('', '', ' ', '  ', '   '), numbering, decoration, brackets, stepWord, trailing)
  .map(([depth, indent, n, d, [open, close], w, t]) => `${indent}${'#'.repeat(depth)} ${n}${d}${open}${w}${close}${t}`);

/** A call heading, or a heading that is no call at all. */
const callHeading = fc
  .tuple(fc.integer({ min: 1, max: 3 }), pick('Call with Stephen Cheung (FILTEX), 2026-11-20', '与 Stephen 通话', '互动一：2026-10-16 留言', 'Notes', ''), words)
  .map(([depth, title, extra]) => `${'#'.repeat(depth)} ${title}${extra ? ` ${extra}` : ''}`);

/** A Setext heading, which the section splitter does not see. */
const setextHeading = fc.tuple(stepWord, pick('===', '---', '-')).map(([w, u]) => `${w}\n${u}`);

const label = pick(
  'Business win:',
  'Personal win:',
  'Expectation (explicit):',
  'Expectation (implicit):',
  'Expectation (latent):',
  'Expectation (none):',
  'Expectation:',
  '**Business win**:',
  '企业利益：',
  '个人利益：',
  '客户期望（明显的期望）：',
  '客户期望（潜在的期望）：',
  '明显的期望：',
  '潜在的期望：',
  '没有期望：',
  'Latent expectation:',
);

const offerId = fc.integer({ min: 0, max: 12 }).map((n) => `O${n}`);
const date = fc.oneof(
  pick('2026-11-25', '2026-06-14', '2026-06-16', '2026-02-30', '2025-12-31', '2026-13-01', '0000-00-00', '9999-12-31'),
  fc.tuple(fc.integer({ min: 1990, max: 2100 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(
    ([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  ),
);
const due = fc.oneof(
  fc.tuple(pick('due ', 'due: ', 'Due ', '📅 ', '📅', '截止 ', '截止日期：', 'by '), date).map(([p, d]) => `${p}${d}`),
  // Dates as people write them: month names, Chinese dates with 前, slashes, relative words, ambiguous numbers.
  pick('by Nov 20', 'Nov 24', '11月20日前', '截止：2026/11/25', 'by Tuesday', '明天', '下周五前', 'due 03/11/2026', 'by 31/12', 'before Feb 30', 'by next week', '12月31日'),
);
const owner = pick('@paul', '@nancy', '@大卫', '@', '@@x', 'a@b.c', '@david.');
const bullet = pick('- ', '* ', '+ ', '1. ', '2) ', '  - ', '    - ', '\t- ', '> - ', '-\t');
const box = pick('', '', '[ ] ', '[x] ', '[X] ', '[] ', '[ ]', '[y] ');

/** A list item of any step. */
const item = fc
  .tuple(bullet, box, fc.option(label, { nil: '' }), fc.option(fc.tuple(pick('[', '', '**'), offerId, pick(']', ':', '：', '**:', '')), { nil: undefined }), words, fc.option(due, { nil: '' }), fc.option(owner, { nil: '' }), fc.option(offerId, { nil: '' }))
  .map(([b, x, l, id, w, d, o, mention]) => {
    const head = id ? `${id[0]}${id[1]}${id[2]} ` : '';
    return `${b}${x}${l}${head}${w} ${mention} ${d} ${o}`.replace(/ +$/, '');
  });

const declined = fc.tuple(bullet, pick('No: ', 'Decline: ', 'declined: ', '不能', '婉拒', '[O9] No: '), words).map(([b, p, w]) => `${b}${p}${w}`);

const score = fc
  .tuple(
    pick('', '', '- ', '**', '> '),
    pick('Score', 'MOT', 'MOT score', '评分', '得分', '关键时刻评分', 'score'),
    pick(':', '：', ' :', '**:'),
    pick(' ', '', '  '),
    pick('+2', '-1', '−2', '－3', '＋1', '0', '+5', '-4', '1.5', '+ 2', 'great', '', '3.0', '99999999999999999999', '-0'),
  )
  .map(([p, l, c, s, v]) => `${p}${l}${c}${s}${v}`);

const suppression = fc
  .tuple(pick('mot-disable-next-line', 'mot-disable-line', 'mot-disable', 'mot-enable', 'mot-disable-file', 'mot-disable-nextline'), fc.subarray([...RULE_IDS, 'nope', '*'], { maxLength: 3 }), pick(' ', ',', ', '))
  .map(([k, ids, sep]) => `<!-- ${k} ${ids.join(sep)} -->`);

const frontMatter = fc.oneof(
  fc
    .tuple(pick('mot: true', 'mot: false', 'mot: yes', ''), pick('', 'customer: FILTEX', 'customer: [a, b]', 'contact: 张三'), pick('', 'date: 2026-11-20', 'date: 2026-02-30', 'date: tomorrow', 'date: 2026-11-20T10:00:00Z'), pick('', 'score: 2', 'score: +5', 'score: -1', 'score: great', 'score: 1.5', 'score:'))
    .map((lines) => `---\n${lines.filter(Boolean).join('\n')}\n---`),
  pick('---\nmot: [\n---', '---\n: :\n  - x\n---', '---\nmot: true\nmot: false\n---', '---\n- a\n- b\n---', '---\nmot: true', '---\r\nmot: true\r\n---', '---\n---', '---\n\tmot: true\n---', '---\nscore: !!binary AAAA\n---', '...\n---',
    // A "billion laughs" alias bomb, and YAML tags that other loaders execute.
    '---\nmot: true\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n---',
    '---\nmot: true\ndate: !!js/function "function () { return 1 }"\nscore: [1, 2]\ncustomer: { a: 1 }\n---'),
);

const sheetCell = fc.oneof(words, pick('[O1] x<br>y', 'O1 done; O2 open', '[ ] O1 due 2026-01-01', '[x] O2 @paul', '企业利益：x<br>个人利益：y', 'Business win: a; Expectation (implicit): b', '+2', '-1', '7', '<!-- x -->', 'a<br/>b；c', 'O1、O2：确认', 'No: not this year', ''));
const rowLabel = pick('Explore', 'Offer', 'Action', 'Confirm', '探索', '提议', '行动', '确认', 'Score', '评分', '**Score**:', 'Confrim', 'Notes', '1. Explore', '【确认】');

/** A record sheet (or a table that almost is one). */
const table = fc
  .tuple(
    pick('Interaction', '互动', '', 'Step'),
    fc.integer({ min: 0, max: 3 }),
    fc.array(fc.tuple(rowLabel, fc.array(sheetCell, { maxLength: 5 })), { maxLength: 7 }),
    pick('---', ':---:', '-', ' --- '),
    pick('ok', 'ok', 'ok', 'short', 'none'),
    pick(true, true, false),
  )
  .map(([corner, extraCols, rows, dash, delimiter, outerPipes]) => {
    const cols = 2 + extraCols;
    const row = (cells: string[]) => (outerPipes ? `| ${cells.join(' | ')} |` : cells.join(' | '));
    const header = row([corner, ...Array.from({ length: cols - 1 }, (_, i) => `Call ${i + 1}`)]);
    const delim = delimiter === 'none' ? '' : row(Array.from({ length: delimiter === 'short' ? cols - 1 : cols }, () => dash));
    const body = rows.map(([lbl, cells]) => row([lbl, ...cells.map((c) => c.replace(/[\r\n|]+/g, ' '))]));
    return [header, ...(delim ? [delim] : []), ...body].join('\n');
  });

const fence = fc.tuple(pick('```', '~~~', '````', '``` md', '    '), fc.array(fc.oneof(stepHeading, item), { maxLength: 3 }), pick('```', '~~~', '', '````')).map(([o, inner, c]) => [o, ...inner, c].join('\n'));

const html = fc.oneof(
  pick('<div>', '</div>', '<details><summary>x</summary>', '<script>', '</script>', '<pre>', '<!-- unclosed', '-->', '<?php', '?>', '<![CDATA[', ']]>', '<!DOCTYPE html>', '<br>', '<span>## Offer</span>'),
  fc.tuple(pick('<div>', '<!--', '<table>'), stepHeading, pick('</div>', '-->', '</table>', '')).map((p) => p.join('\n')),
);

const nested = fc.integer({ min: 1, max: 30 }).map((depth) => Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n'));

/** One block of a document. */
export const piece = fc.oneof(
  { weight: 8, arbitrary: stepHeading },
  { weight: 3, arbitrary: callHeading },
  { weight: 1, arbitrary: setextHeading },
  { weight: 10, arbitrary: item },
  { weight: 2, arbitrary: declined },
  { weight: 3, arbitrary: score },
  { weight: 2, arbitrary: suppression },
  { weight: 3, arbitrary: table },
  { weight: 1, arbitrary: fence },
  { weight: 2, arbitrary: html },
  { weight: 1, arbitrary: nested },
  { weight: 2, arbitrary: words },
  { weight: 2, arbitrary: noise },
  { weight: 2, arbitrary: pick('', '', ' ', '\t', '> quote', '---', '***', '    indented code') },
);

const STEP_TITLES: Record<string, string[]> = {
  explore: ['Explore', '探索', '1. Explore', '🔍 探索 Explore', '【探索】', 'Exlpore', '探索阶段', 'Explore (discovery)', '**Explore:**'],
  offer: ['Offer', '提议', '2. Offer', '二、提议', 'Proposal', 'Ofer', 'Offer / 提议'],
  action: ['Action', '行动', '3) Action', '【行动】', 'Actions', 'Next steps', '下一步', 'To do'],
  confirm: ['Confirm', '确认', '4. Confirm', '✅ Confirm', 'Confrim', 'Follow-up', '确认阶段', '**确认：**'],
};
const stepItem: Record<string, fc.Arbitrary<string>> = {
  explore: fc.tuple(bullet, label, words).map(([b, l, w]) => `${b}${l} ${w}`),
  offer: fc.oneof(fc.tuple(pick('- ', '* ', '1. '), pick('[O1] ', '[O2] ', 'O1: ', 'O3：', '', '[O1] ', '[O12]'), words).map(([b, id, w]) => `${b}${id}${w}`), declined),
  action: fc.tuple(pick('- [ ] ', '- [x] ', '- ', '* [ ] '), fc.option(offerId, { nil: '' }), words, fc.option(due, { nil: '' }), fc.option(owner, { nil: '' })).map(([b, id, w, d, o]) => `${b}${id} ${w} ${d} ${o}`.trimEnd()),
  confirm: fc.tuple(pick('- ', '- [ ] ', '- [x] '), fc.option(offerId.map((id) => `${id}: `), { nil: '' }), words).map(([b, id, w]) => `${b}${id}${w}`),
};

/** A call written as headings: some steps, in some order, with fitting items. */
const headingCall = fc
  .tuple(
    fc.boolean(),
    fc.integer({ min: 1, max: 3 }),
    callHeading,
    fc.shuffledSubarray(['explore', 'offer', 'action', 'confirm']),
    fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
    fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: 4, maxLength: 4 }),
    fc.option(score, { nil: '' }),
  )
  .chain(([top, depth, title, kinds, pickTitle, counts, s]) =>
    fc.tuple(...kinds.map((k, i) => fc.array(stepItem[k], { minLength: counts[i][0] % 3 === 0 ? 0 : 1, maxLength: 4 }))).map((itemsPerStep) => {
      const stepDepth = top ? depth : depth + 1;
      const lines: string[] = top ? [] : [title.replace(/^#+/, '#'.repeat(depth)), ''];
      kinds.forEach((k, i) => {
        const names = STEP_TITLES[k];
        const name = names[pickTitle[i] % names.length];
        // A step written as a label starts a paragraph instead of being a heading.
        lines.push(name.startsWith('**') ? `${name} step notes` : `${'#'.repeat(Math.min(6, stepDepth))} ${name}`, ...itemsPerStep[i], '');
      });
      if (s) lines.push(s);
      return lines.join('\n');
    }),
  );

/** A document piece: a structured call or any other block. */
const block = fc.oneof({ weight: 1, arbitrary: headingCall }, { weight: 4, arbitrary: piece });

const eol = pick('\n', '\n', '\n', '\r\n', '\r', '\n\n', '\r\n\r\n', '\n\r');

/** Joins pieces with random line ends; a piece's own `\n`s take a random style too. */
function assemble(fm: string | null, parts: [string, string][], style: string): string {
  const fix = (s: string) => (style === 'mixed' ? s : s.replace(/\r\n|\r|\n/g, style));
  const body = parts.map(([p, e]) => fix(p) + (style === 'mixed' ? e : fix(e))).join('');
  return fm === null ? body : fix(fm) + fix('\n') + body;
}

/** A whole hostile document. */
export const documentText = fc
  .tuple(
    fc.option(frontMatter, { nil: null, freq: 3 }),
    fc.array(fc.tuple(block, eol), { maxLength: 24 }),
    pick('\n', '\n', '\r\n', '\r', 'mixed', 'mixed'),
    pick('', '', '', '\uFEFF', '\n', '\0'),
  )
  .map(([fm, parts, style, prefix]) => prefix + assemble(fm, parts, style));

/** Options an analysis may run with. */
export const analyzeOptions = fc.record({
  path: pick(undefined, 'note.md', 'stephen.call.md', 'calls/x.md', 'C:\\notes\\calls\\y.md'),
  locale: pick('en' as const, 'zh-cn' as const),
  today: pick('2026-06-15', '2026-11-22', '2000-01-01'),
  aliases: fc.boolean(),
});

/** A document and options together. */
export const documentCase = fc.record({ text: documentText, options: analyzeOptions });

// ---------------------------------------------------------------------------
// Helpers of the properties

export const ALIASES: MotConfig = mergeConfig({
  stepAliases: { Offer: ['Proposal'], Confirm: ['Follow-up', '回访'], 探索: ['了解'] },
  rules: { 'missing-score': 'warning', 'vague-action': 'hint', 'step-order': 'off' },
});

/** Runs the analysis the way the property's options say. */
export function analyseCase(text: string, o: { path?: string; locale: 'en' | 'zh-cn'; today: string; aliases: boolean }, cache?: AnalysisCache): Analysis {
  return analyze(text, { path: o.path, locale: o.locale, today: o.today, config: o.aliases ? ALIASES : undefined, cache });
}

/**
 * Line starts computed independently of LineIndex: a line ends at LF, CRLF
 * or a lone CR (as LSP says).
 */
export function referenceLineStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
  return starts;
}

/** The LSP position of an offset, from reference line starts. */
export function referencePosition(starts: number[], offset: number): Position {
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  return { line, character: offset - starts[line] };
}

/** Asserts that `span` lies inside a text of length `length` and starts before it ends. */
export function assertSpan(span: Span, length: number, what: string): void {
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: non-integer span ${JSON.stringify(span)}`);
  assert.ok(span.start >= 0 && span.start <= span.end && span.end <= length, `${what}: span ${JSON.stringify(span)} outside 0…${length}`);
}

/** Asserts that a span does not cut a CRLF or a surrogate pair in two. */
export function assertClean(text: string, offset: number, what: string): void {
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  assert.ok(!(before === 13 && after === 10), `${what}: offset ${offset} splits a CRLF`);
  assert.ok(!(before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff), `${what}: offset ${offset} splits a surrogate pair`);
}

