/**
 * The analysis core: parse → model → rules, plus the editor features. Nothing
 * here imports `vscode` or a language-server package; the server, the CLI and
 * the client translate to and from it.
 */
import picomatch from 'picomatch';
import type { Locale } from './types.js';
import { defaultConfig, type MotConfig } from './config.js';
import { parseDocument, SectionCache } from './parse/document.js';
import { buildModel } from './model/build.js';
import { StepMatcher } from './model/steps.js';
import type { NoteModel } from './model/model.js';
import { LineIndex } from './text/lineIndex.js';
import { runRules, type Finding, type RuleErrorHandler } from './lint.js';

export * from './types.js';
export * from './ruleIds.js';
export * from './config.js';
export type * from './model/model.js';
export type { Finding, RelatedFinding, RuleErrorHandler } from './lint.js';
export { RULES, RULES_BY_ID, type Rule } from './rules/index.js';
export { SectionCache } from './parse/document.js';
export { LineIndex } from './text/lineIndex.js';
export { StepMatcher, STEP_NAMES, normalizeHeading } from './model/steps.js';

/** Options of {@link analyze}. */
export interface AnalyzeOptions {
  /** The file's path, for `files` globs and the title of a file-level call. */
  path?: string;
  /** Folder the `files` globs are relative to (the `.motrc.json`'s folder, the workspace or the working directory). */
  rootDir?: string;
  /** Today as YYYY-MM-DD; the local date when absent. */
  today?: string;
  config?: MotConfig;
  /** Language of `Finding.message`; both languages are always in `Finding.messages`. */
  locale?: Locale;
  /** Reuse of parsed sections between analyses of one document. */
  cache?: SectionCache;
  /** Called when a rule throws; its findings are lost, the others are kept. */
  onRuleError?: RuleErrorHandler;
}

/** The result of analysing one note. */
export interface Analysis {
  isCallNote: boolean;
  findings: Finding[];
  model: NoteModel;
  lines: LineIndex;
  text: string;
}

/** Analyses the text of one Markdown file. Never throws on any input text. */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const config = options.config ?? defaultConfig();
  const lines = new LineIndex(text);
  const syntax = parseDocument(text, options.cache);
  const model = buildModel(text, syntax, lines, {
    matcher: matcherFor(config),
    byPath: options.path ? matchesFiles(options.path, config.files, options.rootDir) : false,
    fileName: options.path ? baseName(options.path) : 'note',
  });
  const findings = runRules(model, text, lines, {
    config,
    today: options.today ?? localToday(),
    locale: options.locale ?? 'en',
    onRuleError: options.onRuleError,
  });
  return { isCallNote: model.isCallNote, findings, model, lines, text };
}

const matchers = new WeakMap<MotConfig, StepMatcher>();

/** The step matcher for a configuration (cached per config object). */
export function matcherFor(config: MotConfig): StepMatcher {
  let m = matchers.get(config);
  if (!m) {
    m = new StepMatcher(config.stepAliases);
    matchers.set(config, m);
  }
  return m;
}

/** Whether a path matches one of the `files` globs, relative to `rootDir` when given. */
export function matchesFiles(path: string, globs: readonly string[], rootDir?: string): boolean {
  if (!globs.length) return false;
  let p = path.replace(/\\/g, '/');
  if (rootDir) {
    const root = rootDir.replace(/\\/g, '/').replace(/\/+$/, '');
    if (p.startsWith(`${root}/`)) p = p.slice(root.length + 1);
  }
  p = p.replace(/^(?:[A-Za-z]:)?\/+/, '').replace(/^\.\//, '');
  return picomatch(globs as string[], { dot: true })(p);
}

function baseName(path: string): string {
  const name = path.replace(/\\/g, '/').split('/').pop() ?? path;
  return name.replace(/\.(?:call\.)?(?:md|markdown)$/i, '');
}

/** Today's local date as YYYY-MM-DD. */
export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export { hover, offerStatus, callSummary, type HoverResult } from './features/hover.js';
export { codeActions, fixFor, fixAll, applyEdits, type CodeActionResult, type TextEdit } from './features/codeActions.js';
export { complete, type CompletionResult } from './features/completion.js';
export { documentSymbols, type SymbolResult } from './features/symbols.js';
export { foldingRanges, type FoldResult } from './features/folding.js';
export { codeLenses, openOffers, type LensResult } from './features/codeLens.js';
