/**
 * The analysis core: parse → model → rules, plus the editor features. Nothing
 * here imports `vscode` or a language-server package; the server, the CLI and
 * the client translate to and from it.
 */
import picomatch from 'picomatch';
import { defaultConfig, type MotConfig } from './config.js';
import { AnalysisCache, analyzeWith, analyzeWithAsync, type Analysis } from './analysis.js';
import { StepMatcher } from './model/steps.js';
import type { Locale } from './types.js';
import type { RuleErrorHandler } from './lint.js';

export * from './types.js';
export * from './l10n.js';
export * from './ruleIds.js';
export * from './config.js';
export { LIMITS } from './limits.js';
export type * from './model/model.js';
export type { CallSummary } from './model/summary.js';
export type { Finding, RelatedFinding, RuleErrorHandler } from './lint.js';
export { moreProblems, sameFindings, topFindings, type EditorFindings, type TopFindings } from './top.js';
export { RULES } from './rules/index.js';
export type { Rule, CallRule, NoteRule, Report, RuleContext, NoteRuleContext } from './rules/rule.js';
export { AnalysisCache, type Analysis } from './analysis.js';
export { LineIndex } from './text/lineIndex.js';
export { StepMatcher, STEP_NAMES, normalizeHeading } from './model/steps.js';
export * from './model/predicates.js';

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
   * What the previous analysis of the same document left to reuse (parsed
   * sections, unchanged regions). Without it the note is analysed afresh;
   * the result is the same.
   */
  cache?: AnalysisCache;
  /** Called when a rule throws; its findings are lost, the others are kept. */
  onRuleError?: RuleErrorHandler;
}

/**
 * Analyses the text of one Markdown file. Never throws on any input text.
 * With `options.cache`, unchanged sections and calls of the previous analysis
 * are reused; the result is the same as without.
 */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  return analyzeWith(text, options.cache ?? new AnalysisCache(), resolve(options));
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
  return analyzeWithAsync(text, options.cache, { ...resolve(options), isCancelled: options.isCancelled, sliceMs: options.sliceMs });
}

function resolve(options: AnalyzeOptions) {
  const config = options.config ?? defaultConfig();
  return {
    config,
    matcher: matcherFor(config),
    byPath: options.path ? matchesFiles(options.path, config.files, options.rootDir) : false,
    path: options.path,
    today: options.today ?? localToday(),
    locale: options.locale ?? 'en',
    onRuleError: options.onRuleError,
  };
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

/** Today's local date as YYYY-MM-DD. */
export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export { hover, offerStatus, callSummary, type HoverResult } from './features/hover.js';
export { codeActions, fixesFor, fixAll, applyEdits, type CodeActionResult, type TextEdit } from './features/codeActions.js';
export { complete, type CompletionResult } from './features/completion.js';
export { documentSymbols, type SymbolResult } from './features/symbols.js';
export { foldingRanges, type FoldResult } from './features/folding.js';
export { codeLenses, customerLens, SHOW_TIMELINE_COMMAND, type LensResult } from './features/codeLens.js';
export { digestNote, customerOf, type NoteDigest, type CallDigest, type OfferDigest, type ActionDigest, type ExternalRefDigest, type SuppressionDigest, type Place } from './workspace/digest.js';
export { followUps, nameKey, type FollowUp, type FollowUpFilter, type DigestedNote } from './workspace/followups.js';
export {
  resolveCrossNotes,
  crossNoteEdits,
  applyCrossNotes,
  applyCrossNotesToShown,
  type CrossNoteInput,
  type CrossNoteOptions,
  type NoteCrossResult,
  type CoveredOffer,
  type CoveringRef,
  type UnknownRef,
  type CrossFinding,
  type CrossNoteEdits,
} from './workspace/crossNotes.js';
export { buildReport, folderOf, onScale, label as customerLabel, type ReportData, type ReportOptions, type ReportTotals, type CustomerReport, type ReportCall, type CallRef, type OwnerReport } from './report/data.js';
export { renderHtml, renderHtmlParts, customerName, REPORT_CSS, type HtmlOptions, type HtmlParts } from './report/html.js';
export { renderMarkdown, type MarkdownOptions } from './report/markdown.js';
