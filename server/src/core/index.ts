/**
 * The analysis core: parse → model → rules, plus the editor features. Nothing
 * here imports `vscode` or a language-server package; the server, the CLI and
 * the client translate to and from it.
 */
import picomatch from 'picomatch';
import type { Locale } from './types.js';
import { defaultConfig, type MotConfig } from './config.js';
import { parseDocument, SectionCache } from './parse/document.js';
import { AnalysisCache, analyzeIncrementally, analyzeIncrementallyAsync, type IncrementalResult } from './incremental.js';
import { openOffers } from './features/codeLens.js';
import { buildModel } from './model/build.js';
import { StepMatcher } from './model/steps.js';
import type { NoteModel } from './model/model.js';
import { summarizeCall, type CallSummary } from './model/summary.js';
import { LineIndex } from './text/lineIndex.js';
import { runRules, type Finding, type RuleErrorHandler } from './lint.js';

export * from './types.js';
export * from './ruleIds.js';
export * from './config.js';
export type * from './model/model.js';
export type { CallSummary } from './model/summary.js';
export type { Finding, RelatedFinding, RuleErrorHandler } from './lint.js';
export { RULES, RULES_BY_ID, type Rule } from './rules/index.js';
export { SectionCache } from './parse/document.js';
export { AnalysisCache } from './incremental.js';
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
  /**
   * Reuse between analyses of one document: parsed sections and unchanged
   * regions. Without it the whole file is analysed at once.
   */
  cache?: AnalysisCache | SectionCache;
  /** Called when a rule throws; its findings are lost, the others are kept. */
  onRuleError?: RuleErrorHandler;
}

/** The result of analysing one note. */
export interface Analysis {
  isCallNote: boolean;
  findings: Finding[];
  /** The note's model (on the incremental path, built on first access). */
  readonly model: NoteModel;
  /**
   * A model holding at least the calls around `offset` (on the incremental
   * path, only those: cheap on large notes); use it for features at a point.
   */
  modelAt(offset: number): NoteModel;
  /** What the outline, folding and code lenses show of each call (cheaper than the model on large notes). */
  readonly calls: CallSummary[];
  /** Counts for a status display, without building the model. */
  summary: { calls: number; openOffers: number };
  lines: LineIndex;
  text: string;
}

/**
 * Analyses the text of one Markdown file. Never throws on any input text.
 * With `options.cache`, unchanged sections and calls of the previous analysis
 * are reused; the result is the same as without.
 */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const config = options.config ?? defaultConfig();
  const matcher = matcherFor(config);
  const byPath = options.path ? matchesFiles(options.path, config.files, options.rootDir) : false;
  const today = options.today ?? localToday();
  const locale = options.locale ?? 'en';
  if (options.cache instanceof AnalysisCache) {
    const result = analyzeIncrementally(text, options.cache, { config, matcher, byPath, today, locale, onRuleError: options.onRuleError });
    if (result) return fromIncremental(text, result);
  }
  const lines = new LineIndex(text);
  const syntax = options.cache instanceof AnalysisCache ? options.cache.syntaxOf(text) : parseDocument(text, options.cache);
  const model = buildModel(text, syntax, lines, { matcher, byPath, fileName: options.path ? baseName(options.path) : 'note' });
  const findings = runRules(model, text, lines, { config, today, locale, onRuleError: options.onRuleError });
  return {
    isCallNote: model.isCallNote,
    findings,
    model,
    modelAt: () => model,
    calls: model.calls.map(summarizeCall),
    summary: { calls: model.calls.length, openOffers: model.calls.reduce((n, c) => n + openOffers(c.offers), 0) },
    lines,
    text,
  };
}

/**
 * {@link analyze} for a server: the same result, computed in slices that
 * leave the thread free for other requests; undefined when `isCancelled`
 * stopped it (a newer version of the document arrived).
 */
export async function analyzeAsync(
  text: string,
  options: AnalyzeOptions & { cache: AnalysisCache; isCancelled?: () => boolean; sliceMs?: number },
): Promise<Analysis | undefined> {
  const config = options.config ?? defaultConfig();
  const result = await analyzeIncrementallyAsync(text, options.cache, {
    config,
    matcher: matcherFor(config),
    byPath: options.path ? matchesFiles(options.path, config.files, options.rootDir) : false,
    today: options.today ?? localToday(),
    locale: options.locale ?? 'en',
    onRuleError: options.onRuleError,
    isCancelled: options.isCancelled,
    sliceMs: options.sliceMs,
  });
  if (result === undefined) return undefined;
  return result ? fromIncremental(text, result) : analyze(text, options);
}

function fromIncremental(text: string, result: IncrementalResult): Analysis {
  const analysis = { isCallNote: result.isCallNote, findings: result.findings, lines: result.lines, text, modelAt: result.modelAt, summary: result.summary } as Analysis;
  Object.defineProperty(analysis, 'model', { get: result.model, enumerable: true });
  Object.defineProperty(analysis, 'calls', { get: result.calls, enumerable: true });
  return analysis;
}

// Callers build a new config object per analysis; key the caches by content.
const matchers = new Map<string, StepMatcher>();
const globMatchers = new Map<string, (path: string) => boolean>();

/** The step matcher for a configuration's aliases (cached; it memoises heading texts). */
export function matcherFor(config: MotConfig): StepMatcher {
  const key = JSON.stringify(config.stepAliases);
  let m = matchers.get(key);
  if (!m) {
    if (matchers.size > 20) matchers.clear();
    m = new StepMatcher(config.stepAliases);
    matchers.set(key, m);
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
  const key = JSON.stringify(globs);
  let isMatch = globMatchers.get(key);
  if (!isMatch) {
    if (globMatchers.size > 20) globMatchers.clear();
    isMatch = picomatch(globs as string[], { dot: true });
    globMatchers.set(key, isMatch);
  }
  return isMatch(p);
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
