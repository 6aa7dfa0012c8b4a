/**
 * The snippets in snippets/mot.code-snippets: well-formed, in both languages,
 * tab stops in reading order, and — the point of them — what you get by
 * pressing Tab through without typing is a call note the core finds clean.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { analyze } from '../server/src/core/index.js';
import { expandSnippet, parseSnippet, SnippetSyntaxError, tabStopOrder } from './snippetSyntax.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const snippetFile = path.join(root, 'snippets', 'mot.code-snippets');

/** The date the expanded `$CURRENT_…` variables stand for, and "today" for the core. */
const TODAY = '2026-06-15';
const TOMORROW = '2026-06-16';
const VARIABLES: Readonly<Record<string, string>> = {
  CURRENT_YEAR: '2026',
  CURRENT_YEAR_SHORT: '26',
  CURRENT_MONTH: '06',
  CURRENT_DATE: '15',
};
const NOTE_PATH = 'note.call.md';

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

interface Loaded {
  name: string;
  prefix: string;
  body: string;
  description: string;
}

const HAN = /\p{Script=Han}/u;
const SCORES = ['+3', '+2', '+1', '0', '-1', '-2', '-3'];

function loadSnippets(): { raw: Record<string, Snippet>; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const raw = parse(readFileSync(snippetFile, 'utf8'), errors, { allowTrailingComma: true }) as Record<string, Snippet>;
  return { raw, errors };
}

const { raw, errors: parseErrors } = loadSnippets();
const snippets: Loaded[] = Object.entries(raw ?? {}).map(([name, s]) => ({
  name,
  prefix: Array.isArray(s.prefix) ? s.prefix[0] : s.prefix,
  body: Array.isArray(s.body) ? s.body.join('\n') : s.body,
  description: s.description,
}));

function byPrefix(prefix: string): Loaded {
  const found = snippets.find((s) => s.prefix === prefix);
  assert.ok(found, `snippet ${prefix} exists`);
  return found;
}

function expand(prefix: string): string {
  return expandSnippet(byPrefix(prefix).body, VARIABLES);
}

/** Findings as one line each, so a failing assertion shows what the core said and where. */
function findingsOf(text: string, today = TODAY): string[] {
  const result = analyze(text, { path: NOTE_PATH, today });
  const lines = text.split('\n');
  return result.findings.map(
    (f) =>
      `${f.severity} ${f.rule} ${f.range.start.line + 1}:${f.range.start.character + 1} ` +
      `${JSON.stringify(lines[f.range.start.line]?.slice(f.range.start.character, f.range.start.line === f.range.end.line ? f.range.end.character : undefined))}: ${f.message}`,
  );
}

function assertCleanNote(text: string): void {
  const result = analyze(text, { path: NOTE_PATH, today: TODAY });
  assert.equal(result.isCallNote, true, 'is a call note');
  assert.deepEqual(findingsOf(text), [], `findings in:\n${text}`);
}

/** Inserts `addition` as new lines right after the first line that starts with `after`. */
function insertAfter(text: string, after: string, addition: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => line.startsWith(after));
  assert.ok(at >= 0, `a line starting ${JSON.stringify(after)}`);
  lines.splice(at + 1, 0, ...addition.replace(/\n$/, '').split('\n'));
  return lines.join('\n');
}

describe('snippet expander', () => {
  const vars = { CURRENT_YEAR: '2026' };

  it('keeps defaults, takes the first choice, mirrors tab stops and drops $0', () => {
    assert.equal(expandSnippet('a ${1:x} ${2|p,q|} $1 ${1} $0.', vars), 'a x p x x .');
  });

  it('expands variables, also inside a placeholder', () => {
    assert.equal(expandSnippet('$CURRENT_YEAR ${CURRENT_YEAR} ${1:due $CURRENT_YEAR}', vars), '2026 2026 due 2026');
  });

  it('expands nested placeholders and mirrors their value', () => {
    assert.equal(expandSnippet('${1:call with ${2:Ann}} / $2 / $1', vars), 'call with Ann / Ann / call with Ann');
  });

  it('reads escapes in text and in choices', () => {
    assert.equal(expandSnippet('\\$1 \\} \\\\ ${1:a\\}b} ${2|x\\,y,z|}', vars), '$1 } \\ a}b x,y');
  });

  it('leaves a $ that starts nothing as text', () => {
    assert.equal(expandSnippet('costs $ 5', vars), 'costs $ 5');
  });

  it('rejects unknown variables, transforms and unclosed placeholders', () => {
    assert.throws(() => expandSnippet('$CURRENT_YAER', vars), SnippetSyntaxError);
    assert.throws(() => expandSnippet('${1/a/b/}', vars), SnippetSyntaxError);
    assert.throws(() => expandSnippet('${1:open', vars), SnippetSyntaxError);
  });

  it('lists tab stops in the order the cursor meets them', () => {
    assert.deepEqual(tabStopOrder(parseSnippet('${2:a} ${1:b ${3:c}} $2 $0')), [2, 1, 3]);
  });
});

describe('snippets/mot.code-snippets', () => {
  it('is valid JSON with comments', () => {
    assert.deepEqual(
      parseErrors.map((e) => `${printParseErrorCode(e.error)} at ${e.offset}`),
      [],
    );
    assert.ok(snippets.length > 0);
  });

  it('gives every snippet a mot- prefix, a body and a description in the right language', () => {
    const prefixes = new Set<string>();
    for (const s of snippets) {
      const original = raw[s.name];
      for (const prefix of [original.prefix].flat()) {
        assert.match(prefix, /^mot-[a-z]+(-[a-z]+)*$/, `${s.name}: prefix`);
        assert.ok(!prefixes.has(prefix), `${prefix} is used once`);
        prefixes.add(prefix);
      }
      assert.ok(s.body.trim().length > 0, `${s.name}: body`);
      assert.equal(typeof s.description, 'string', `${s.name}: description`);
      assert.match(s.description, /[A-Za-z]{3}/, `${s.name}: English description`);
      if (s.prefix.endsWith('-zh')) assert.match(s.description, HAN, `${s.name}: Chinese in the description`);
      else assert.doesNotMatch(s.description, HAN, `${s.name}: English only`);
    }
  });

  it('has every kind in English and in Chinese', () => {
    const kinds = ['call', 'sheet', 'explore', 'offer', 'action', 'confirm', 'scoring', 'score', 'offer-item', 'decline', 'action-item', 'confirm-item'];
    const prefixes = snippets.map((s) => s.prefix);
    for (const kind of kinds) {
      assert.ok(prefixes.includes(`mot-${kind}`), `mot-${kind}`);
      assert.ok(prefixes.includes(`mot-${kind}-zh`), `mot-${kind}-zh`);
    }
    for (const prefix of prefixes) {
      const twin = prefix.endsWith('-zh') ? prefix.slice(0, -3) : `${prefix}-zh`;
      assert.ok(prefixes.includes(twin), `${prefix} has its twin ${twin}`);
    }
  });

  it('numbers tab stops 1, 2, 3… in reading order', () => {
    for (const s of snippets) {
      const order = tabStopOrder(parseSnippet(s.body));
      assert.deepEqual(order, order.map((_, i) => i + 1), s.prefix);
    }
  });

  it('expands every snippet with only the known variables', () => {
    for (const s of snippets) {
      const text = expandSnippet(s.body, VARIABLES);
      assert.doesNotMatch(text, /\$\{|\$\d|\$[A-Z_]{3,}/, `${s.prefix} leaves no snippet syntax`);
    }
  });

  it('offers every score of the scale, and a default that is not negative', () => {
    for (const s of snippets) {
      for (const m of s.body.matchAll(/\$\{\d+\|([^|]*)\|\}/g)) {
        const choices = m[1].split(',');
        if (!choices.includes('-3')) continue;
        assert.deepEqual([...choices].sort(), [...SCORES].sort(), `${s.prefix}: the seven scores`);
        assert.doesNotMatch(choices[0], /^[-−]/, `${s.prefix}: default score`);
      }
    }
  });

  it('puts the seven scores with their meaning in the scoring sheets', () => {
    for (const prefix of ['mot-scoring', 'mot-scoring-zh']) {
      const rows = expand(prefix)
        .split('\n')
        .map((line) => /^\|\s*([+-]?\d)\s*\|\s*(\S[^|]*?)\s*\|$/.exec(line))
        .filter((m) => m !== null);
      assert.deepEqual(rows.map((m) => m[1]), SCORES, prefix);
    }
  });

  // The table is written in snippets/README-snippets.md and copied into the
  // README; either place keeps the documentation honest.
  it('is documented: every prefix is in the snippet table', () => {
    const docs = ['README.md', 'snippets/README-snippets.md']
      .map((file) => path.join(root, file))
      .filter((file) => existsSync(file))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    for (const s of snippets) assert.ok(docs.includes(`| \`${s.prefix}\` |`), `${s.prefix} is in the snippet table`);
  });

  describe('expanded with their defaults, lint clean', () => {
    for (const lang of ['', '-zh']) {
      it(`mot-call${lang}: a whole call note`, () => {
        assertCleanNote(expand(`mot-call${lang}`));
      });

      it(`mot-call${lang}: its action has a due date the core reads`, () => {
        const findings = findingsOf(expand(`mot-call${lang}`), TOMORROW);
        assert.ok(
          findings.some((f) => f.startsWith(`warning overdue-action`) && f.includes(`"${TODAY}"`)),
          findings.join('\n'),
        );
      });

      it(`mot-sheet${lang}: the record sheet`, () => {
        assertCleanNote(expand(`mot-sheet${lang}`));
      });

      it(`mot-call${lang} and mot-sheet${lang}: the calls, offers and scores the core sees`, () => {
        const note = analyze(expand(`mot-call${lang}`), { path: NOTE_PATH, today: TODAY }).model;
        assert.deepEqual(
          note.calls.map((c) => [c.form, c.steps.length, c.offers.length, c.scores.map((s) => s.value)]),
          [['heading', 4, 1, [3]]],
        );
        const sheet = analyze(expand(`mot-sheet${lang}`), { path: NOTE_PATH, today: TODAY }).model;
        assert.deepEqual(
          sheet.calls.map((c) => [c.form, c.title, c.steps.length, c.offers.length, c.scores.map((s) => s.value)]),
          ['1', '2', '3'].map((title) => ['sheet', title, 4, 1, [3]]),
        );
      });

      it(`mot-explore${lang} … mot-confirm${lang}: the four steps in order make a note`, () => {
        const note = ['explore', 'offer', 'action', 'confirm'].map((step) => expand(`mot-${step}${lang}`)).join('\n');
        assertCleanNote(note);
      });

      it(`mot-offer-item${lang}, mot-action-item${lang}, mot-confirm-item${lang}: a second offer carried through`, () => {
        let note = expand(`mot-call${lang}`);
        note = insertAfter(note, '- [O1]', expand(`mot-offer-item${lang}`));
        note = insertAfter(note, '- [ ] O1', expand(`mot-action-item${lang}`));
        note = insertAfter(note, '- [x] ', expand(`mot-confirm-item${lang}`));
        assert.match(note, /\[O2\]/);
        assertCleanNote(note);
      });

      it(`mot-decline${lang}: a declined request that is confirmed`, () => {
        let note = expand(`mot-call${lang}`);
        note = insertAfter(note, '- [O1]', expand(`mot-decline${lang}`));
        note = insertAfter(note, '- [x] ', expand(`mot-confirm-item${lang}`));
        assertCleanNote(note);
      });

      it(`mot-score${lang} and mot-scoring${lang}: fit into a note`, () => {
        const note = expand(`mot-call${lang}`).replace(/^(Score|评分)[:：].*$/m, expand(`mot-score${lang}`).trimEnd());
        assertCleanNote(`${note}\n${expand(`mot-scoring${lang}`)}`);
      });
    }
  });
});
