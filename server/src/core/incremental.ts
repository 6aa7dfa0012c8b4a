import type { Locale, Span } from './types.js';
import { emptySyntax } from './parse/syntax.js';
import type { MotConfig } from './config.js';
import { flattenSections, parseSections, parseSectionsAfterEdit, pieceIndex, sectionId, SectionCache, type SectionPiece } from './parse/document.js';
import { buildHeadingTree, buildModel, isCallChildren, publicHeading, readSuppressions, type TreeHeading } from './model/build.js';
import { readFrontMatter } from './model/frontMatter.js';
import type { StepMatcher } from './model/steps.js';
import type { Call, NoteModel, Sheet, Typo } from './model/model.js';
import { LineIndex } from './text/lineIndex.js';
import { collectFindings, compareFindings, finalizeFindings, type Finding, type RawFinding, type RuleErrorHandler } from './lint.js';
import { RULES_BY_ID } from './rules/index.js';

/**
 * What an analysis can reuse from the previous one of the same document:
 * parsed sections, and the model and findings of each region (a top-level
 * call, or the text between two) whose sections did not change.
 */
export class AnalysisCache {
  /** Parsed sections by text. */
  readonly sections = new SectionCache();
  private current = new Map<string, RegionResult>();
  private next = new Map<string, RegionResult>();
  /** Regions rebuilt in the last analysis. */
  builtRegions = 0;
  /** Regions reused in the last analysis. */
  reusedRegions = 0;
  private previous: { text: string; pieces: SectionPiece[] } | null = null;
  private readonly contexts = new Map<string, number>();
  private lastContext = 0;

  /** @internal A short stand-in for what region results depend on besides their text. */
  contextId(context: string): number {
    let id = this.contexts.get(context);
    if (id === undefined) {
      // Ids are never reused, so a forgotten context cannot match a cached region.
      if (this.contexts.size > 100) this.contexts.clear();
      id = ++this.lastContext;
      this.contexts.set(context, id);
    }
    return id;
  }

  /**
   * Parses, in slices of about `sliceMs` with a pause for other work between
   * them, the sections the analysis of `text` will need, so that a large note
   * never blocks the thread for long. Returns false when `isCancelled` said
   * stop (a newer version arrived); what was parsed stays cached.
   */
  async prepare(text: string, options: { sliceMs?: number; isCancelled?: () => boolean } = {}): Promise<boolean> {
    const missing: string[] = [];
    const placeholder = emptySyntax();
    // A dry run of the real parse finds what is not cached; a block left open may need one more pass.
    const lookup = (t: string) => {
      const hit = this.sections.peek(t);
      if (!hit) missing.push(t);
      return hit ?? placeholder;
    };
    if (this.previous) parseSectionsAfterEdit(text, this.previous, this.sections, lookup);
    else parseSections(text, this.sections, lookup);
    const slice = options.sliceMs ?? 10;
    let started = performance.now();
    for (const t of missing) {
      if (options.isCancelled?.()) return false;
      this.sections.warm(t);
      if (performance.now() - started > slice) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        started = performance.now();
      }
    }
    return !options.isCancelled?.();
  }

  /** @internal The sections of `text`, reusing those of the previous version. */
  parse(text: string): SectionPiece[] {
    this.sections.parsedCount = 0;
    this.sections.reusedCount = 0;
    const pieces = this.previous ? parseSectionsAfterEdit(text, this.previous, this.sections) : parseSections(text, this.sections);
    this.previous = { text, pieces };
    return pieces;
  }

  /** @internal */
  begin(): void {
    this.next = new Map();
    this.builtRegions = 0;
    this.reusedRegions = 0;
  }

  /** @internal */
  region(key: string, build: () => RegionResult): RegionResult {
    let r = this.next.get(key) ?? this.current.get(key);
    if (r) this.reusedRegions++;
    else {
      r = build();
      this.builtRegions++;
    }
    this.next.set(key, r);
    return r;
  }

  /** @internal */
  end(): void {
    this.current = this.next;
    this.next = new Map();
  }
}

/** A region's model and findings, offsets relative to the region's start. */
interface RegionResult {
  calls: Call[];
  sheets: Sheet[];
  typos: Typo[];
  raw: RawFinding[];
}

/** What the incremental path returns; `model` is built on first use. */
export interface IncrementalResult {
  isCallNote: boolean;
  findings: Finding[];
  lines: LineIndex;
  model: () => NoteModel;
}

/** Options the incremental path needs (a subset of `AnalyzeOptions`, resolved). */
export interface IncrementalOptions {
  config: MotConfig;
  matcher: StepMatcher;
  byPath: boolean;
  today: string;
  locale: Locale;
  onRuleError?: RuleErrorHandler;
}

/**
 * Analyses a document region by region, reusing every region whose sections
 * are unchanged. Returns null when the document's shape needs the whole-file
 * path (a call made of top-level steps, a front-matter score on a single
 * call, or a call heading not at the start of a section); the result then
 * equals that path's.
 */
export function analyzeIncrementally(text: string, cache: AnalysisCache, options: IncrementalOptions): IncrementalResult | null {
  const pieces = cache.parse(text);
  const first = pieces[0]?.syntax;
  const frontMatter = first?.frontMatter ? readFrontMatter(text, first.frontMatter) : null;
  const mot = frontMatter?.data?.mot;
  if (mot === false) return null;
  const declared = mot === true || options.byPath;

  const headings = buildHeadingTree(pieces, options.matcher, text.length);
  const children: TreeHeading[][] = Array.from({ length: headings.length + 1 }, () => []);
  for (const h of headings) children[h.parent + 1].push(h);
  if (isCallChildren(children[0], declared)) return null;
  const isCall = headings.map((h) => isCallChildren(children[h.index + 1], declared));

  // Top-level calls split the document into regions; each must start and end on a section boundary.
  const pieceAt = (offset: number) => pieceIndex(pieces, offset);
  const cuts: { start: number; end: number; call: boolean }[] = [];
  let covered = 0;
  for (const h of headings) {
    if (!isCall[h.index] || h.section.start < covered) continue;
    if (pieceAt(h.section.start) < 0 || (h.section.end < text.length && pieceAt(h.section.end) < 0)) return null;
    if (h.section.start > covered) cuts.push({ start: covered, end: h.section.start, call: false });
    cuts.push({ start: h.section.start, end: h.section.end, call: true });
    covered = h.section.end;
  }
  if (covered < text.length || cuts.length === 0) cuts.push({ start: covered, end: text.length, call: false });

  const context = cache.contextId(`${declared ? 1 : 0}|${options.today}|${JSON.stringify(options.config)}`);
  const regions: { start: number; result: RegionResult }[] = [];
  cache.begin();
  try {
    for (const cut of cuts) {
      const from = Math.max(0, pieceAt(cut.start));
      let to = from;
      while (to < pieces.length && pieces[to].base < cut.end) to++;
      const own = pieces.slice(from, to);
      const key = `${cut.call ? 'c' : 'g'}${own.map((p) => sectionId(p.syntax)).join(',')}|${context}`;
      const result = cache.region(key, () => buildRegion(text, own, cut, declared, options));
      regions.push({ start: cut.start, result });
    }
  } finally {
    cache.end();
  }

  const callCount = regions.reduce((n, r) => n + r.result.calls.length, 0);
  if (frontMatter?.score && callCount === 1) return null;
  const reason = mot === true ? 'front-matter' : options.byPath ? 'path' : callCount ? 'calls' : null;
  const lines = new LineIndex(text);
  const suppressions = readSuppressions(
    pieces.flatMap((p) => (p.base === 0 ? p.syntax.html : p.syntax.html.map((h) => ({ start: h.start + p.base, end: h.end + p.base, value: h.value })))),
    lines,
  );

  let findings: Finding[] = [];
  if (reason) {
    const raw: RawFinding[] = [];
    const fmRule = RULES_BY_ID.get('front-matter')!;
    if (frontMatter) {
      const fmModel = { frontMatter, calls: [], typos: [] } as unknown as NoteModel;
      raw.push(...collectFindings(fmModel, text, { config: options.config, today: options.today, rules: [fmRule], onRuleError: options.onRuleError }));
    }
    for (const r of regions) raw.push(...shift(r.result.raw, r.start));
    raw.sort(compareFindings);
    findings = finalizeFindings(raw, lines, suppressions, options.locale);
  }

  let model: NoteModel | null = null;
  return {
    isCallNote: reason !== null,
    findings,
    lines,
    model: () =>
      (model ??= {
        isCallNote: reason !== null,
        reason,
        frontMatter,
        headings: headings.map(publicHeading),
        calls: regions.flatMap((r) => shift(r.result.calls, r.start)),
        sheets: regions.flatMap((r) => shift(r.result.sheets, r.start)),
        typos: reason ? regions.flatMap((r) => shift(r.result.typos, r.start)) : [],
        suppressions,
        language: /[\u3400-\u9fff]/.test(text.slice(0, 20000)) ? 'zh' : 'en',
      }),
  };
}

function buildRegion(text: string, pieces: SectionPiece[], cut: { start: number; end: number }, declared: boolean, options: IncrementalOptions): RegionResult {
  const regionText = text.slice(cut.start, cut.end);
  const syntax = flattenSections(pieces, cut.start, false);
  const lines = new LineIndex('');
  const model = buildModel(regionText, syntax, lines, { matcher: options.matcher, byPath: false, fileName: '', region: { declared } });
  const raw = collectFindings(model, regionText, { config: options.config, today: options.today, onRuleError: options.onRuleError });
  return { calls: model.calls, sheets: model.sheets, typos: model.typos, raw };
}

/**
 * A deep copy of model values with every span moved by `delta`; shared
 * references stay shared. With delta 0 the cached values themselves are
 * returned: nothing mutates them.
 */
export function shift<T>(value: T, delta: number, memo = new Map<object, unknown>()): T {
  if (delta === 0 || value === null || typeof value !== 'object') return value;
  const hit = memo.get(value as object);
  if (hit !== undefined) return hit as T;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    memo.set(value, out);
    for (const v of value) out.push(shift(v, delta, memo));
    return out as T;
  }
  const obj = value as Record<string, unknown>;
  if (isSpan(obj)) {
    const span: Span = { start: obj.start + delta, end: obj.end + delta };
    memo.set(value as object, span);
    return span as T;
  }
  const out: Record<string, unknown> = {};
  memo.set(value as object, out);
  for (const key of Object.keys(obj)) out[key] = shift(obj[key], delta, memo);
  return out as T;
}

function isSpan(obj: Record<string, unknown>): obj is Record<string, unknown> & Span {
  if (typeof obj.start !== 'number' || typeof obj.end !== 'number') return false;
  let n = 0;
  for (const _ in obj) n++;
  return n === 2;
}
