/**
 * The CLI's line-scan pre-filter (`mayHoldCall`) may only skip files in
 * which the analysis finds no call: every note the analysis reads as a call
 * note (without the help of its path) must pass it. And the parser variants
 * without GFM's literal-autolink constructs must parse exactly as the full
 * parser does.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyze, matcherFor, mergeConfig, type MotConfig } from '../server/src/core/index.js';
import { mayHoldCall } from '../server/src/core/prefilter.js';
import { parseSection, parseSectionWithFrontmatterPlugin } from '../server/src/core/parse/parseSection.js';
import { generateNotes } from '../bench/generate.js';
import { listFiles, ROOT } from './helpers.js';
import { CLEAN_CALL } from './notes.js';

const SEED = Number(process.env.MOT_SEED ?? 20261203);
const RUNS = Number(process.env.MOT_PREFILTER_RUNS ?? 500);

/** Whether the analysis, not told the path, finds the text a call note. */
function isCallNote(text: string, config: MotConfig = mergeConfig()): boolean {
  return analyze(text, { config, today: '2026-06-15' }).isCallNote;
}

function scan(text: string, config: MotConfig = mergeConfig()): boolean {
  return mayHoldCall(text, matcherFor(config));
}

describe('pre-filter: a line scan that never skips a call', () => {
  it('lets through every fixture and example the analysis reads as call notes', () => {
    const files = [...listFiles(join(ROOT, 'test/fixtures'), '.md'), ...listFiles(join(ROOT, 'examples'), '.md')];
    let notes = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (!isCallNote(text)) continue;
      notes++;
      assert.ok(scan(text), `${file} holds a call but the scan would skip it`);
    }
    assert.ok(notes > 20, `only ${notes} call notes among the fixtures`);
  });

  it('lets through each way FORMAT.md gives of writing steps', () => {
    const ways: Record<string, string> = {
      headings: CLEAN_CALL,
      setext: 'Call\n====\n\nExplore\n-------\n- Business win: x\n\nOffer\n-----\n- [O1] y\n',
      numbered: '# Call\n\n## Step 1 – Explore\n- a\n\n## 2) Offer\n- b\n',
      bilingual: '# 通话\n\n## 一、探索 Explore\n- 企业利益：x\n\n## 二、提议\n- y\n',
      labels: '# Call\n\n**Explore:** she wants a demo.\n\n**Offer**: a demo on Monday.\n',
      'labels in Chinese': '# 通话\n\n**探索：** 客户想看演示。\n\n提议：周一演示。\n',
      'record sheet': '| Interaction | First |\n|---|---|\n| Explore | x |\n| Offer | [O1] y |\n',
      'transposed sheet': '| Call | Explore | Offer | Score |\n|---|---|---|---|\n| Monday | x | [O1] y | +1 |\n',
      quoted: '> ## Explore\n> - x\n>\n> ## Confirm\n> - y\n',
      'front matter': '---\nmot: true\n---\n# Notes\n',
    };
    // Whether or not the analysis reads each form yet (labels and transposed sheets are being taught to it), the scan must not skip it.
    for (const [name, text] of Object.entries(ways)) assert.ok(scan(text), `${name}: skipped`);
  });

  it('follows configured step aliases', () => {
    const config = mergeConfig({ stepAliases: { Offer: ['Angebot'], Explore: ['Erkundung'] } });
    const text = '# Anruf\n\n## Erkundung\n- x\n\n## Angebot\n- y\n';
    assert.ok(isCallNote(text, config));
    assert.ok(scan(text, config));
    assert.equal(scan(text), false, 'without the aliases no step is named');
  });

  it('skips documentation without step-like lines', () => {
    const docs = [
      '# Project\n\nInstall it with `npm install`.\n\n## Usage\n\nRun the tool. See https://example.com and mail a@b.com.\n',
      '# Changelog\n\n## 1.0.0\n- Explore mode added\n- Fixed: a crash\n',
      '| Option | Default |\n|---|---|\n| format | text |\n',
      '---\ntitle: Guide\n---\n# Guide\n\nAction: nothing here but one step word.\n',
    ];
    for (const text of docs) {
      assert.equal(isCallNote(text), false);
      assert.equal(scan(text), false, text);
    }
  });

  /** Pieces of notes and of documentation, put together at random. */
  const PIECES = [
    '# Account\n', '## Call with Stephen\n', '### Explore\n', '### 探索\n', '### Offer\n', '### 提议\n', '### Action\n', '### Confirm\n',
    '## 1. Explore\n', '### Next steps\n', '### `Action`\n', '### Action plan review\n', 'Offer\n-----\n', '**Explore:** x\n', 'Confirm: y\n',
    '**提议：** z\n', '- Explore: list item\n', '| Interaction | A |\n|---|---|\n| Explore | x |\n| Offer | y |\n', '| A | Explore | Confirm |\n|---|---|---|\n| r | x | y |\n',
    '- [O1] Demo\n', '- [x] O1 done\n', 'Score: +2\n', '\n', 'Some text.\n', '```\n', '> ', '<!-- x -->\n', '  ', '\t', '\r\n', '---\n', 'mot: true\n',
  ];
  const docArb = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 25 }).map((parts) => parts.join(''));

  it(`never skips a generated text the analysis reads as a call note (${RUNS} texts)`, () => {
    fc.assert(
      fc.property(docArb, (text) => !isCallNote(text) || scan(text)),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('parser variants without literal autolinks', () => {
  const LINKISH = ['www.example.com', 'WWW.X.ORG/a', 'https://x.io/p?q=1', 'HTTP://A.B', 'ftp://x', 'a@b.com', 'mailto:x@y.z', 'xmpp:a@b.c', '@paul', 'O1@2026-11-10', 'w.w', 'http:', '[l](https://x)', '<https://x>', '\\@', '_'];
  const textArb = fc
    .array(fc.oneof(fc.constantFrom(...LINKISH), fc.constantFrom('- ', '# ', '| a | b |\n|---|---|\n| ', ' ', '\n', '**', 'word', '。', '(', ')')), { maxLength: 30 })
    .map((parts) => parts.join(''));

  it(`parse exactly as remark-gfm does (${RUNS} texts)`, () => {
    fc.assert(
      fc.property(textArb, (text) => {
        assert.deepStrictEqual(parseSection(text), parseSectionWithFrontmatterPlugin(text), JSON.stringify(text));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('give generated notes the same syntax', () => {
    const text = generateNotes(20_000);
    assert.deepStrictEqual(parseSection(text), parseSectionWithFrontmatterPlugin(text));
  });
});
