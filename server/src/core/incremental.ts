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
import { openOffers } from './features/codeLens.js';

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

  /** @internal An analysis stopped half-way: keep what both generations hold. */
  abort(): void {
    for (const [k, v] of this.next) this.current.set(k, v);
    this.next = new Map();
  }

  /** Items whose region models stay cached; older ones are rebuilt from the parsed sections when needed. */
  modelBudget = 100_000;
  private readonly held = new Set<RegionResult>();
  private heldItems = 0;

  /** @internal The model of a region, rebuilt from its sections when it was evicted. */
  models(r: RegionResult, text: string, start: number, options: IncrementalOptions): RegionModels {
    let m = r.models;
    if (!m) {
      const built = buildRegionModel(text.slice(start, start + r.length), r.pieces, r.declared, options);
      m = { calls: built.calls, sheets: built.sheets, typos: built.typos };
      r.models = m;
    }
    this.hold(r);
    return m;
  }

  /** @internal Marks a region's model as recently used and evicts the oldest over budget. */
  hold(r: RegionResult): void {
    if (this.held.delete(r)) this.heldItems -= r.items;
    this.held.add(r);
    this.heldItems += r.items;
    for (const old of this.held) {
      if (this.heldItems <= this.modelBudget || old === r) break;
      this.held.delete(old);
      this.heldItems -= old.items;
      old.models = undefined;
    }
  }
}

/** The model parts of a region. */
interface RegionModels {
  calls: Call[];
  sheets: Sheet[];
  typos: Typo[];
}

/** A region's findings and (while cached) model, offsets relative to the region's start. */
interface RegionResult {
  raw: RawFinding[];
  models: RegionModels | undefined;
  /** The sections it was built from, bases relative to the region, to rebuild the model. */
  pieces: SectionPiece[];
  length: number;
  declared: boolean;
  callCount: number;
  openOffers: number;
  items: number;
}

/** What the incremental path returns; models are built on first use. */
export interface IncrementalResult {
  isCallNote: boolean;
  findings: Finding[];
  lines: LineIndex;
  /** The whole model. */
  model: () => NoteModel;
  /** The model of the top-level call (or stretch between calls) around an offset: enough for hovers and fixes there. */
  modelAt: (offset: number) => NoteModel;
  summary: { calls: number; openOffers: number };
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
  const steps = analysisSteps(text, cache, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same analysis in time slices of about `sliceMs`, pausing for other work
 * between them (a hover on a 10 MB note is answered while it is analysed).
 * Resolves to undefined when `isCancelled` says stop; what was built stays cached.
 */
export async function analyzeIncrementallyAsync(
  text: string,
  cache: AnalysisCache,
  options: IncrementalOptions & { sliceMs?: number; isCancelled?: () => boolean },
): Promise<IncrementalResult | null | undefined> {
  if (!(await cache.prepare(text, options))) return undefined;
  const steps = analysisSteps(text, cache, options);
  let started = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - started > (options.sliceMs ?? 10)) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (options.isCancelled?.()) {
        steps.return(null);
        return undefined;
      }
      started = performance.now();
    }
  }
}

/** The analysis, yielding after each region it builds. */
function* analysisSteps(text: string, cache: AnalysisCache, options: IncrementalOptions): Generator<void, IncrementalResult | null, void> {
  // Each `yield` is a point where a server may pause for other requests; the sync driver ignores them.
  const pieces = cache.parse(text);
  yield;
  const first = pieces[0]?.syntax;
  const frontMatter = first?.frontMatter ? readFrontMatter(text, first.frontMatter) : null;
  const mot = frontMatter?.data?.mot;
  if (mot === false) return null;
  const declared = mot === true || options.byPath;

  const headings = buildHeadingTree(pieces, options.matcher, text.length);
  yield;
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
  let complete = false;
  try {
    for (const cut of cuts) {
      const from = Math.max(0, pieceAt(cut.start));
      let to = from;
      while (to < pieces.length && pieces[to].base < cut.end) to++;
      const own = pieces.slice(from, to);
      const key = `${cut.call ? 'c' : 'g'}${own.map((p) => sectionId(p.syntax)).join(',')}|${context}`;
      let built = false;
      const result = cache.region(key, () => {
        built = true;
        return buildRegion(text, own, cut, declared, options, cache);
      });
      regions.push({ start: cut.start, result });
      if (built || regions.length % 256 === 0) yield;
    }
    complete = true;
  } finally {
    if (complete) cache.end();
    else cache.abort();
  }

  const callCount = regions.reduce((n, r) => n + r.result.callCount, 0);
  if (frontMatter?.score && callCount === 1) return null;
  const reason = mot === true ? 'front-matter' : options.byPath ? 'path' : callCount ? 'calls' : null;
  yield;
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
    yield;
    raw.sort(compareFindings);
    findings = finalizeFindings(raw, lines, suppressions, options.locale);
  }

  let model: NoteModel | null = null;
  let publicHeadings: NoteModel['headings'] | null = null;
  const assemble = (parts: { start: number; result: RegionResult }[]): NoteModel => {
    const models = parts.map((r) => ({ start: r.start, m: cache.models(r.result, text, r.start, options) }));
    return {
      isCallNote: reason !== null,
      reason,
      frontMatter,
      headings: (publicHeadings ??= headings.map(publicHeading)),
      calls: models.flatMap((r) => shift(r.m.calls, r.start)),
      sheets: models.flatMap((r) => shift(r.m.sheets, r.start)),
      typos: reason ? models.flatMap((r) => shift(r.m.typos, r.start)) : [],
      suppressions,
      language: /[\u3400-\u9fff]/.test(text.slice(0, 20000)) ? 'zh' : 'en',
    };
  };
  return {
    isCallNote: reason !== null,
    findings,
    lines,
    model: () => (model ??= assemble(regions)),
    modelAt: (offset) => {
      if (model) return model;
      let i = regions.length - 1;
      while (i > 0 && regions[i].start > offset) i--;
      return assemble(regions.slice(Math.max(0, i - (regions[i].start === offset ? 1 : 0)), i + 1));
    },
    summary: { calls: callCount, openOffers: regions.reduce((n, r) => n + r.result.openOffers, 0) },
  };
}

function buildRegion(
  text: string,
  pieces: SectionPiece[],
  cut: { start: number; end: number },
  declared: boolean,
  options: IncrementalOptions,
  cache: AnalysisCache,
): RegionResult {
  const regionText = text.slice(cut.start, cut.end);
  const relative = pieces.map((p) => ({ base: p.base - cut.start, end: p.end - cut.start, syntax: p.syntax }));
  const model = buildRegionModel(regionText, relative, declared, options);
  const raw = collectFindings(model, regionText, { config: options.config, today: options.today, onRuleError: options.onRuleError });
  const result: RegionResult = {
    raw,
    models: { calls: model.calls, sheets: model.sheets, typos: model.typos },
    pieces: relative,
    length: cut.end - cut.start,
    declared,
    callCount: model.calls.length,
    openOffers: model.calls.reduce((n, c) => n + openOffers(c.offers), 0),
    items: model.calls.reduce((n, c) => n + c.steps.reduce((k, st) => k + st.items.length, 0), 1),
  };
  cache.hold(result);
  return result;
}

function buildRegionModel(regionText: string, pieces: SectionPiece[], declared: boolean, options: IncrementalOptions): NoteModel {
  const syntax = flattenSections(pieces, 0, false);
  return buildModel(regionText, syntax, new LineIndex(''), { matcher: options.matcher, byPath: false, fileName: '', region: { declared } });
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
