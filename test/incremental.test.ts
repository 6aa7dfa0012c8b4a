import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { analyze, analyzeAsync, AnalysisCache, mergeConfig, type Analysis } from '../server/src/core/index.js';
import { parseSection, parseSectionWithFrontmatterPlugin } from '../server/src/core/parse/parseSection.js';
import { flattenSections, parseSections } from '../server/src/core/parse/document.js';
import { generateNotes } from '../bench/generate.js';

const SEED = Number(process.env.MOT_SEED ?? 20261122);
const RUNS = Number(process.env.MOT_INCREMENTAL_RUNS ?? 1000);
const TODAY = '2026-06-15';

/** Pieces call notes are made of, including the ones that cross section boundaries. */
const PIECES = [
  '# FILTEX account\n',
  '## Call with Stephen\n',
  '## 与 Stephen 的通话\n',
  '### Explore\n',
  '### 探索\n',
  '### Offer\n',
  '### 提议\n',
  '### Action\n',
  '### 行动\n',
  '### Confirm\n',
  '### 确认\n',
  '### Confrim\n',
  '## Explore\n',
  '## Confirm\n',
  '#### Notes\n',
  '- Business win: lower cost\n',
  '- Personal win: credibility\n',
  '- Expectation (implicit): a demo\n',
  '- 企业利益：降低成本\n',
  '- [O1] Demo on Monday\n',
  '- [O2] No: we cannot audit for free\n',
  '- [O1] duplicate\n',
  '- [ ] O1 prepare due 2026-01-01 @paul\n',
  '- [ ] O2 call back\n',
  '- [x] O1 done\n',
  '- O1: confirmed\n',
  '- O3: unknown\n',
  'Score: +2\n',
  'Score: -2\n',
  'Score: +9\n',
  '评分：−1\n',
  '\n',
  '\n',
  'Some paragraph text.\n',
  '```\n',
  '~~~\n',
  '```md\n## Offer\n```\n',
  '<!--\n',
  '-->\n',
  '<!-- mot-disable-next-line unconfirmed-offer -->\n',
  '<!-- mot-disable missing-step -->\n',
  '<!-- mot-enable -->\n',
  '<div>\n',
  '</div>\n',
  '> quote\n',
  '  ## indented heading\n',
  'Setext call\n===========\n',
  '| Interaction | A | B |\n|---|---|---|\n| Explore | Business win: x<br>Personal win: y | |\n| Offer | [O1] a | [O1] b |\n| Confirm | O1 ok | |\n',
  '| 互动 | 一 |\n|---|---|\n| 探索 | 企业利益：x |\n| 提议 | 不能：y |\n',
  '[O1]: https://example.com\n',
  '    indented code # x\n',
  '* [ ] nested\n  - [O1] sub\n',
];

const FRONT = ['', '---\nmot: true\n---\n', '---\ncustomer: FILTEX\nscore: -1\n---\n', '---\nbad: [\n---\n'];

const docArb = fc.tuple(fc.constantFrom(...FRONT), fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 30 })).map(([f, parts]) => f + parts.join(''));

const insertArb = fc.oneof(fc.constantFrom(...PIECES, '#', '# ', '\n', '`', '```', '|', 'x', 'O1', '- ', '<', '-->', '---\n', '\r\n', '\r'), fc.string({ maxLength: 6 }));
const editArb = fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: insertArb });

function applyEdit(text: string, e: { at: number; remove: number; insert: string }): string {
  const at = text.length ? e.at % (text.length + 1) : 0;
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

/** Everything an analysis says, as plain data. */
function essence(a: Analysis) {
  return { isCallNote: a.isCallNote, findings: a.findings, model: JSON.parse(JSON.stringify(a.model)), calls: JSON.parse(JSON.stringify(a.calls)), lines: Array.from(a.lines.lineStarts) };
}

describe('incremental analysis equals a fresh whole-file analysis', function () {
  this.timeout(300000);

  it(`section-by-section parsing equals one parse of the whole text (${RUNS} documents)`, () => {
    fc.assert(
      fc.property(docArb, fc.array(editArb, { maxLength: 3 }), (doc, edits) => {
        const text = edits.reduce(applyEdit, doc);
        const whole = { ...parseSection(text), openAtEnd: false };
        assert.ok(isDeepStrictEqual(flattenSections(parseSections(text)), whole), JSON.stringify(text));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`finds front matter where remark-frontmatter does, and parses the rest alike (${RUNS} documents)`, () => {
    const fence = fc.constantFrom('---', '--- ', '---\t', '----', '--', ' ---', '...', '---x', '', '- item', '-');
    const eol = fc.constantFrom('\n', '\r\n', '\r', '');
    const line = fc.oneof(fence, fc.constantFrom('customer: FILTEX', 'score: +2', '', '  ', '# Call', '- [O1] demo', 'mot: true'));
    const head = fc.array(fc.tuple(line, eol), { maxLength: 6 }).map((ls) => ls.map(([l, e]) => l + e).join(''));
    fc.assert(
      fc.property(fc.constantFrom('', '\uFEFF'), fence, eol, head, docArb, (bom, open, e, rest, doc) => {
        const text = bom + open + e + rest + doc;
        assert.deepStrictEqual(parseSection(text), parseSectionWithFrontmatterPlugin(text), JSON.stringify(text));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`after any sequence of edits: findings, ranges, messages and model (${RUNS} edit sequences)`, () => {
    const configs = [mergeConfig(), mergeConfig({ rules: { 'missing-score': 'warning' }, stepAliases: { Offer: ['Proposal'] } })];
    fc.assert(
      fc.property(docArb, fc.array(fc.tuple(editArb, fc.nat({ max: 4 })), { minLength: 1, maxLength: 6 }), fc.nat({ max: 1 }), fc.constantFrom('a.md', 'a.call.md'), (doc, edits, c, path) => {
        const cache = new AnalysisCache();
        const options = { today: TODAY, config: configs[c], path };
        let text = doc;
        analyze(text, { ...options, cache });
        for (const [e, switchConfig] of edits) {
          // Now and then the settings change between two keystrokes (another step alias, rule severity).
          if (switchConfig === 0) options.config = configs[1 - configs.indexOf(options.config)];
          text = applyEdit(text, e);
          const incremental = essence(analyze(text, { ...options, cache }));
          const fresh = essence(analyze(text, options));
          assert.deepStrictEqual(incremental, fresh, `text: ${JSON.stringify(text)}`);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('keeps two analyses of one note apart when new settings start one while the other runs', async () => {
    const text = generateNotes(40_000, 3);
    const configs = [mergeConfig(), mergeConfig({ rules: { 'missing-score': 'warning' } })];
    const cache = new AnalysisCache();
    const first = analyzeAsync(text, { cache, today: TODAY, config: configs[0], sliceMs: 0 });
    for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    const second = analyzeAsync(text, { cache, today: TODAY, config: configs[1], sliceMs: 0 });
    const [a, b] = await Promise.all([first, second]);
    assert.deepStrictEqual(essence(a!), essence(analyze(text, { today: TODAY, config: configs[0] })));
    assert.deepStrictEqual(essence(b!), essence(analyze(text, { today: TODAY, config: configs[1] })));
    // What the two left in the cache serves the next analysis correctly.
    assert.deepStrictEqual(essence(analyze(text, { cache, today: TODAY, config: configs[1] })), essence(analyze(text, { today: TODAY, config: configs[1] })));
  });

  it('reads front matter closed by `...` as remark-frontmatter does, with or without a cache', () => {
    // YAML ends a document with `...`, remark-frontmatter does not: this front matter never closes.
    const text = '---\ntitle: x\n...\n# Call\n\n## Explore\n- Business win: x\n\n## Offer\n- [O1] demo\n\n---\n';
    assert.deepStrictEqual(essence(analyze(text, { today: TODAY, cache: new AnalysisCache() })), essence(analyze(text, { today: TODAY })));
  });

  it('reuses all but the edited call of a large note, with identical results', () => {
    const text = generateNotes(150_000, 7);
    const cache = new AnalysisCache();
    analyze(text, { cache, today: TODAY });
    const at = text.indexOf('### Offer', text.length / 2) + 12;
    const edited = `${text.slice(0, at)}x${text.slice(at)}`;
    const a = analyze(edited, { cache, today: TODAY });
    assert.equal(cache.sections.parsedCount, 1, 'one section re-parsed');
    assert.equal(cache.builtRegions, 1, 'one region rebuilt');
    assert.ok(cache.reusedRegions > 50);
    assert.deepStrictEqual(essence(a), essence(analyze(edited, { today: TODAY })));
  });
});
