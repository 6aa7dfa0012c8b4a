/**
 * Runs the vscode-tmgrammar-test cases in test/grammar/*.test.md against the
 * MOT injection grammar with the real TextMate engine (vscode-textmate and
 * vscode-oniguruma, as VS Code uses them).
 *
 * An injection grammar only means something on top of a Markdown grammar.
 * VS Code's own one (shipped by the `tm-grammars` package) is used when that
 * package is installed; the minimal stand-in under test/grammar/ is always
 * used, so the cases run on any checkout.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Textmate from 'vscode-textmate';
import type * as Oniguruma from 'vscode-oniguruma';
import type * as TmGrammarTest from 'vscode-tmgrammar-test/dist/unit/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const casesDir = path.join(here, 'grammar');
const injectionPath = path.join(root, 'syntaxes', 'mot.injection.tmLanguage.json');
const markdownScope = 'text.html.markdown';

const require = createRequire(import.meta.url);
const unit = require('vscode-tmgrammar-test/dist/unit/index.js') as typeof TmGrammarTest;
// The engine is taken from where vscode-tmgrammar-test finds it, so the test
// cases and the registry share one copy whatever npm decides to hoist.
const runnerRequire = createRequire(require.resolve('vscode-tmgrammar-test/package.json'));
const textmate = runnerRequire('vscode-textmate') as typeof Textmate;
const oniguruma = runnerRequire('vscode-oniguruma') as typeof Oniguruma;

const injection = JSON.parse(readFileSync(injectionPath, 'utf8')) as {
  scopeName: string;
  injectionSelector: string;
  patterns: unknown[];
  repository: Record<string, unknown>;
};

type GrammarFiles = (scopeName: string) => string | undefined;

interface BaseGrammar {
  label: string;
  files: GrammarFiles;
}

let onigLib: Promise<Textmate.IOnigLib> | undefined;
function loadOniguruma(): Promise<Textmate.IOnigLib> {
  onigLib ??= (async () => {
    const wasm = readFileSync(runnerRequire.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return {
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    };
  })();
  return onigLib;
}

/** Registers the injection the way package.json's `injectTo` does in VS Code. */
function createRegistry(base: BaseGrammar): Textmate.Registry {
  return new textmate.Registry({
    onigLib: loadOniguruma(),
    loadGrammar: async (scopeName) => {
      const file = scopeName === injection.scopeName ? injectionPath : base.files(scopeName);
      // Grammars embedded in fenced code (Python, SQL…) may be absent; the
      // engine then leaves those blocks as plain code, which is all we need.
      return file === undefined ? null : textmate.parseRawGrammar(readFileSync(file, 'utf8'), file);
    },
    getInjections: (scopeName) => (scopeName === markdownScope ? [injection.scopeName] : undefined),
  });
}

function standInGrammar(): BaseGrammar {
  const file = path.join(casesDir, 'markdown.stand-in.tmLanguage.json');
  return {
    label: 'the stand-in Markdown grammar',
    files: (scopeName) => (scopeName === markdownScope ? file : undefined),
  };
}

/** VS Code's markdown-basics grammar and the grammars it embeds (YAML front matter, HTML…), from `tm-grammars` if installed. */
async function vscodeGrammar(): Promise<BaseGrammar | undefined> {
  let markdownFile: string;
  try {
    markdownFile = require.resolve('tm-grammars/grammars/markdown.json');
  } catch {
    return undefined;
  }
  const dir = path.dirname(markdownFile);
  const byScope = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(dir, name);
    const { scopeName } = JSON.parse(readFileSync(file, 'utf8')) as { scopeName?: string };
    if (scopeName !== undefined && !byScope.has(scopeName)) byScope.set(scopeName, file);
  }
  return { label: "VS Code's Markdown grammar (tm-grammars)", files: (scopeName) => byScope.get(scopeName) };
}

/** The bodies of the look-behind groups in a regex (escapes and character classes understood). */
function lookBehinds(regex: string): string[] {
  const bodies: string[] = [];
  for (let start = regex.indexOf('(?<'); start >= 0; start = regex.indexOf('(?<', start + 1)) {
    if (regex[start + 3] !== '=' && regex[start + 3] !== '!') continue;
    if (start > 0 && regex[start - 1] === '\\') continue;
    let depth = 0;
    let inClass = false;
    for (let i = start; i < regex.length; i++) {
      const ch = regex[i];
      if (ch === '\\') i++;
      else if (inClass) inClass = ch !== ']';
      else if (ch === '[') inClass = true;
      else if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) {
        bodies.push(regex.slice(start + 4, i));
        break;
      }
    }
  }
  return bodies;
}

/** Whether a regex fragment repeats something without bound (`*`, `+`, `{n,}`) outside character classes. */
function hasUnboundedRepeat(fragment: string): boolean {
  let inClass = false;
  for (let i = 0; i < fragment.length; i++) {
    const ch = fragment[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '*' || ch === '+' || (ch === '{' && /^\{\d*,\}/.test(fragment.slice(i)))) return true;
  }
  return false;
}

function formatFailure(file: string, failure: TmGrammarTest.TestFailure): string {
  const parts = [`${file}:${failure.line + 1}:${failure.start + 1}-${failure.end + 1}`];
  if (failure.missing.length > 0) parts.push(`missing [${failure.missing.join(' ')}]`);
  if (failure.unexpected.length > 0) parts.push(`unexpected [${failure.unexpected.join(' ')}]`);
  parts.push(`actual [${failure.actual.join(' ')}]`);
  return parts.join('  ');
}

const caseFiles = readdirSync(casesDir)
  .filter((name) => name.endsWith('.test.md'))
  .sort();

const vscodeBase = await vscodeGrammar();
const bases = [standInGrammar(), ...(vscodeBase ? [vscodeBase] : [])];

describe('MOT injection grammar', () => {
  it('is an injection into Markdown whose own scopes all end in .mot', () => {
    assert.equal(injection.scopeName, 'markdown.mot.injection');
    assert.match(injection.injectionSelector, /^L:text\.html\.markdown\b/);
    for (const name of ['markup.fenced_code', 'markup.inline.raw', 'markup.raw']) {
      assert.ok(injection.injectionSelector.includes(`-${name}`), `selector excludes ${name}`);
    }
    const names: string[] = [];
    JSON.stringify([injection.patterns, injection.repository], (key, value: unknown) => {
      if (key === 'name' && typeof value === 'string') names.push(value);
      return value;
    });
    assert.ok(names.length > 0);
    for (const name of names) assert.match(name, /\.mot$/, `scope ${name}`);
  });

  // An unbounded look-behind is tried back to the line start at every
  // position the scanner visits: lines of a few thousand characters (a wide
  // record sheet) then take seconds to colour.
  it('keeps every look-behind bounded', () => {
    const regexes: string[] = [];
    JSON.stringify(injection.repository, (key, value: unknown) => {
      if (['match', 'begin', 'end', 'while'].includes(key) && typeof value === 'string') regexes.push(value);
      return value;
    });
    assert.ok(regexes.length > 0);
    for (const regex of regexes) {
      for (const body of lookBehinds(regex)) assert.ok(!hasUnboundedRepeat(body), `unbounded look-behind (?<=${body}) in ${regex}`);
    }
    assert.deepEqual(lookBehinds('a(?<=x[)]y*)b(?<!\\()'), ['x[)]y*', '\\(']);
    assert.equal(hasUnboundedRepeat('x[*+]{0,3}'), false);
    assert.equal(hasUnboundedRepeat('x{2,}'), true);
  });

  it('has test cases', () => {
    assert.ok(caseFiles.length >= 4, caseFiles.join(', '));
  });

  for (const base of bases) {
    describe(`over ${base.label}`, () => {
      const registry = createRegistry(base);
      for (const name of caseFiles) {
        it(name, async () => {
          const testCase = unit.parseGrammarTestCase(readFileSync(path.join(casesDir, name), 'utf8'));
          assert.equal(testCase.metadata.scope, markdownScope);
          assert.ok(testCase.assertions.length > 0, 'the case asserts something');
          const failures = await unit.runGrammarTestCase(registry, testCase);
          assert.deepEqual(failures.map((failure) => formatFailure(`test/grammar/${name}`, failure)), []);
        });
      }
    });
  }
});
