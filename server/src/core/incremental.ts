import type { Locale, Span } from './types.js';
import { emptySyntax } from './parse/syntax.js';
import type { MotConfig } from './config.js';
import { detach, flattenSections, parseSectionsAfterEditSteps, parseSectionsSteps, SectionCache, textDiff, type SectionPiece, type Splice, type TextDiff } from './parse/document.js';
import type { SectionSyntax } from './parse/syntax.js';
import { drain } from './parse/split.js';
import { buildHeadingTree, buildModel, publicHeading, readSuppressions } from './model/build.js';
import { isCallMask, SectionIndex } from './model/outline.js';
import { readFrontMatter } from './model/frontMatter.js';
import type { StepMatcher } from './model/steps.js';
import type { Call, NoteModel, Sheet, Suppression, Typo } from './model/model.js';
import { LineIndex } from './text/lineIndex.js';
import { collectFindings, compareFindings, finalizeFindings, type Finding, type RawFinding, type RuleErrorHandler } from './lint.js';
import { RULES_BY_ID } from './rules/index.js';
import { openOffers } from './features/codeLens.js';
import { summarizeCall, type CallSummary } from './model/summary.js';

/** Default length of a slice of work before a pause for other requests: short enough that a request waits only milliseconds. */
const SLICE_MS = 2;

/** Regions no longer in the document kept for an undo, or a call moved elsewhere, before they are forgotten. */
const STALE_REGIONS = 256;

/** Changed characters up to which an edit is parsed without first finding, in slices, what it needs. */
const SMALL_EDIT = 20_000;

/**
 * What an analysis can reuse from the previous one of the same document:
 * parsed sections, and the model and findings of each region (a top-level
 * call, or the text between two) whose sections did not change.
 */
export class AnalysisCache {
  /** Parsed sections by text. */
  readonly sections = new SectionCache();
  /** Region results by the syntax of their first section (several regions may start with equal sections). */
  private regions = new Map<SectionSyntax | null, RegionResult[]>();
  private stored = 0;
  /** The regions of the last complete analysis, by position, and how its pieces map to the current ones. */
  private last: LastRegions | null = null;
  /** Regions rebuilt in the last analysis. */
  builtRegions = 0;
  /** Regions reused in the last analysis. */
  reusedRegions = 0;
  private previous: {
    text: string;
    pieces: SectionPiece[];
    lines: LineIndex | null;
    index: SectionIndex | null;
    /** The version before and how its pieces became these. */
    before: { pieces: SectionPiece[]; index: SectionIndex | null; splice: Splice } | null;
  } | null = null;
  private lastDiff: { old: string; text: string; diff: TextDiff } | null = null;
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

  /** How `text` differs from the previous version, computed once for the dry run and the real parse. */
  private diff(old: string, text: string): TextDiff {
    const last = this.lastDiff;
    if (last && last.old === old && last.text === text) return last.diff;
    const diff = textDiff(old, text);
    this.lastDiff = { old, text, diff };
    return diff;
  }

  /**
   * Before a large edit is analysed: parses, in slices of about `sliceMs`
   * with a pause for other work between them, the sections its analysis
   * will need, so that pasting a large text never blocks the thread for
   * long. (A first analysis parses in slices by itself; a keystroke is
   * faster parsed than looked for.) Returns false when `isCancelled` said
   * stop (a newer version arrived); what was parsed stays cached.
   */
  async prepare(text: string, options: { sliceMs?: number; isCancelled?: () => boolean } = {}): Promise<boolean> {
    const prev = this.previous;
    if (!prev || prev.text === text) return !options.isCancelled?.();
    const diff = this.diff(prev.text, text);
    if (text.length - diff.suffix - diff.prefix < SMALL_EDIT) return !options.isCancelled?.();
    const missing: string[] = [];
    const placeholder = emptySyntax();
    // A dry run of the real parse finds what is not cached; a block left open may need one more pass.
    const lookup = (t: string) => {
      const hit = this.sections.peek(t);
      if (!hit) missing.push(t);
      return hit ?? placeholder;
    };
    const slice = options.sliceMs ?? SLICE_MS;
    let started = performance.now();
    const pause = async () => {
      if (performance.now() - started <= slice) return true;
      await new Promise<void>((resolve) => setImmediate(resolve));
      started = performance.now();
      return !options.isCancelled?.();
    };
    const dryRun = parseSectionsAfterEditSteps(text, prev, this.sections, lookup, diff);
    while (!dryRun.next().done) if (!(await pause())) return false;
    for (const t of missing) {
      this.sections.warm(t);
      if (!(await pause())) return false;
    }
    return !options.isCancelled?.();
  }

  /** @internal The sections of `text`, reusing those of the previous version, as steps. */
  *parse(text: string): Generator<void, SectionPiece[], void> {
    this.sections.parsedCount = 0;
    this.sections.reusedCount = 0;
    const prev = this.previous;
    if (prev?.text === text) return prev.pieces;
    let pieces: SectionPiece[];
    let splice: Splice | null = null;
    let lines: LineIndex | null = null;
    if (prev) {
      const diff = this.diff(prev.text, text);
      pieces = yield* parseSectionsAfterEditSteps(text, prev, this.sections, undefined, diff, (s) => (splice = s));
      this.sections.forgetWarmed();
      lines = prev.lines && LineIndex.edited(prev.lines, text, diff.prefix, diff.suffix);
    } else {
      pieces = yield* parseSectionsSteps(text, this.sections);
      this.sections.release();
    }
    this.previous = { text, pieces, lines, index: null, before: prev && splice ? { pieces: prev.pieces, index: prev.index, splice } : null };
    this.lastDiff = null;
    return pieces;
  }

  /** @internal The whole syntax of `text`, from its parsed sections (the whole-file path of a document the incremental path declined). */
  syntaxOf(text: string): SectionSyntax {
    return flattenSections(drain(this.parse(text)));
  }

  /** @internal The section index of the text last parsed, made from the previous version's when it can be. */
  *sectionIndex(matcher: StepMatcher): Generator<void, SectionIndex, void> {
    const cur = this.previous!;
    if (cur.index?.matcher === matcher) return cur.index;
    const before = cur.before;
    cur.index = before?.index ? yield* before.index.spliced(cur.pieces, before.splice, matcher) : yield* SectionIndex.of(cur.pieces, matcher);
    if (before) before.index = null;
    return cur.index;
  }

  /** @internal The line index of the text last parsed. */
  lines(text: string): LineIndex {
    const prev = this.previous;
    if (prev?.text !== text) return new LineIndex(text);
    return (prev.lines ??= new LineIndex(text));
  }

  /**
   * @internal Starts cutting `pieces` into regions; results of the last
   * analysis are found by position when its pieces map onto these. Each
   * analysis has its own handle: a server may start one (new settings) while
   * another is still running.
   */
  begin(pieces: SectionPiece[], context: number, count: number): RegionRun {
    this.builtRegions = 0;
    this.reusedRegions = 0;
    const last = this.last;
    const before = this.previous?.before;
    let mapping: Splice | null = null;
    if (last && last.context === context) {
      if (last.pieces === pieces) mapping = { kept: pieces.length, removedEnd: pieces.length, added: 0, delta: 0 };
      else if (before?.pieces === last.pieces) mapping = before.splice;
    }
    const regions = { pieces, context, byFrom: new Int32Array(pieces.length + 1), to: new Int32Array(count), call: new Uint8Array(count), results: [] };
    return { last: mapping ? last : null, mapping, regions };
  }

  /** @internal The cached result of the region made of `pieces[from..to)`, or a new one from `build`. */
  region(run: RegionRun, call: boolean, from: number, to: number, build: () => RegionResult): RegionResult {
    const { pieces, context } = run.regions;
    let r = byPosition(run, call, from, to) ?? this.bySections(call, context, pieces, from, to);
    if (r) this.reusedRegions++;
    else {
      r = build();
      r.call = call;
      r.context = context;
      const first = from < to ? pieces[from].syntax : null;
      const list = this.regions.get(first);
      if (list) list.push(r);
      else this.regions.set(first, [r]);
      this.stored++;
      this.builtRegions++;
    }
    const b = run.regions;
    const k = b.results.length;
    b.results.push(r);
    b.byFrom[from] = k + 1;
    b.to[k] = to;
    b.call[k] = call ? 1 : 0;
    return r;
  }

  private bySections(call: boolean, context: number, pieces: readonly SectionPiece[], from: number, to: number): RegionResult | undefined {
    const list = this.regions.get(from < to ? pieces[from].syntax : null);
    return list?.find((c) => c.call === call && c.context === context && sameSections(c.pieces, pieces, from, to));
  }

  /** @internal An analysis finished: remember its regions, and forget older ones once there are a few hundred. */
  end(run: RegionRun): void {
    const done = run.regions;
    this.last = done;
    if (this.stored <= done.results.length + STALE_REGIONS) return;
    const live = new Set(done.results);
    this.regions = new Map();
    for (const r of live) {
      const first = r.pieces.length ? r.pieces[0].syntax : null;
      const list = this.regions.get(first);
      if (list) list.push(r);
      else this.regions.set(first, [r]);
    }
    this.stored = live.size;
    for (const r of [...this.held]) {
      if (live.has(r)) continue;
      this.held.delete(r);
      this.heldItems -= r.items;
    }
  }

  /**
   * Notes up to this length keep every call's summary (for the outline,
   * folding and code lenses); longer ones rebuild them when asked, which a
   * server that offers none of these on such notes never does.
   */
  keepSummariesUpTo = 5_000_000;

  /** Items whose region models stay cached; older ones are rebuilt from the parsed sections when needed. */
  modelBudget = 2_000;
  private readonly held = new Set<RegionResult>();
  private heldItems = 0;

  /** @internal The model of a region, rebuilt from its sections when it was evicted. */
  models(r: RegionResult, text: string, start: number, options: IncrementalOptions): RegionModels {
    let m = r.models;
    if (!m) {
      const built = buildRegionModel(detach(text.slice(start, start + r.length)), r.pieces, r.declared, options);
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

/** One analysis's cutting into regions: what it reuses by position, and what it has cut so far. */
interface RegionRun {
  /** The last complete analysis's regions, when `mapping` maps its pieces onto this one's. */
  last: LastRegions | null;
  mapping: Splice | null;
  regions: LastRegions;
}

/** The last analysis's region at the same place in the text, if its sections are the same ones. */
function byPosition(run: RegionRun, call: boolean, from: number, to: number): RegionResult | undefined {
  const { last, mapping: m } = run;
  if (!last || !m) return undefined;
  // Pieces before the splice kept their index; those after it moved by the difference in count.
  let shift: number;
  if (to <= m.kept) shift = 0;
  else if (from >= m.kept + m.added) shift = m.removedEnd - m.kept - m.added;
  else return undefined;
  const k = last.byFrom[from + shift] - 1;
  if (k < 0 || last.to[k] !== to + shift || last.call[k] !== (call ? 1 : 0)) return undefined;
  const r = last.results[k];
  return r.context === run.regions.context ? r : undefined;
}

/** The regions of an analysis by position: each one's first and end piece, and whether it is a call. */
interface LastRegions {
  pieces: SectionPiece[];
  context: number;
  /** For each piece index, 1 + the index of the region starting there (0: none). */
  byFrom: Int32Array;
  to: Int32Array;
  call: Uint8Array;
  results: RegionResult[];
}

/** A region's findings and (while cached) model, offsets relative to the region's start. */
interface RegionResult {
  call: boolean;
  /** The {@link AnalysisCache.contextId} it was built in. */
  context: number;
  raw: RawFinding[];
  models: RegionModels | undefined;
  /** Its calls as the outline, folding and lenses need them, kept when the models are not. */
  summaries: CallSummary[] | null;
  /** The sections it was built from, bases relative to the region, to rebuild the model. */
  pieces: SectionPiece[];
  length: number;
  declared: boolean;
  callCount: number;
  openOffers: number;
  items: number;
}

/** The regions of one analysis: where each starts, and its result. */
interface Regions {
  start: number[];
  results: RegionResult[];
}

/** What the incremental path returns; models are built on first use. */
export interface IncrementalResult {
  isCallNote: boolean;
  findings: Finding[];
  lines: LineIndex;
  /** The whole model. */
  model: () => NoteModel;
  /** Summaries of all calls, without building the model. */
  calls: () => CallSummary[];
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
    if (performance.now() - started > (options.sliceMs ?? SLICE_MS)) {
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
  const pieces = yield* cache.parse(text);
  const first = pieces[0]?.syntax;
  const frontMatter = first?.frontMatter ? readFrontMatter(text, first.frontMatter) : null;
  const mot = frontMatter?.data?.mot;
  if (mot === false) return null;
  const declared = mot === true || options.byPath;

  const index = yield* cache.sectionIndex(options.matcher);
  const outline = index.outline(text.length);
  yield;
  if (isCallMask(outline.topSteps, declared)) return null;

  // Top-level calls split the document into regions; each must start and end on a section boundary.
  const cutStart: number[] = [];
  const cutEnd: number[] = [];
  const cutCall: boolean[] = [];
  const cut = (start: number, end: number, call: boolean) => {
    cutStart.push(start);
    cutEnd.push(end);
    cutCall.push(call);
  };
  let covered = 0;
  for (let i = 0; i < outline.count; i++) {
    const start = outline.start[i];
    if (start < covered || !isCallMask(outline.childSteps[i], declared)) continue;
    const end = outline.sectionEnd[i];
    if (index.pieceAt(start) < 0 || (end < text.length && index.pieceAt(end) < 0)) return null;
    if (start > covered) cut(covered, start, false);
    cut(start, end, true);
    covered = end;
  }
  if (covered < text.length || cutStart.length === 0) cut(covered, text.length, false);

  const context = cache.contextId(`${declared ? 1 : 0}|${options.today}|${JSON.stringify(options.config)}`);
  const regions: Regions = { start: cutStart, results: [] };
  const run = cache.begin(pieces, context, cutStart.length);
  let to = 0;
  for (let k = 0; k < cutStart.length; k++) {
    const from = to;
    while (to < pieces.length && index.pieceBase[to] < cutEnd[k]) to++;
    let built = false;
    const result = cache.region(run, cutCall[k], from, to, () => {
      built = true;
      return buildRegion(text, pieces.slice(from, to), { start: cutStart[k], end: cutEnd[k] }, declared, options, text.length <= cache.keepSummariesUpTo);
    });
    regions.results.push(result);
    if (built || k % 256 === 255) yield;
  }
  cache.end(run);

  let callCount = 0;
  let offerCount = 0;
  for (const r of regions.results) {
    callCount += r.callCount;
    offerCount += r.openOffers;
  }
  if (frontMatter?.score && callCount === 1) return null;
  const reason = mot === true ? 'front-matter' : options.byPath ? 'path' : callCount ? 'calls' : null;
  yield;
  const lines = cache.lines(text);
  const suppressions: Suppression[] = [];
  for (const k of index.withSuppressions()) suppressions.push(...readSuppressions(pieces[k].syntax.html, lines, pieces[k].base));

  let findings: Finding[] = [];
  if (reason) {
    const raw: RawFinding[] = [];
    const fmRule = RULES_BY_ID.get('front-matter')!;
    if (frontMatter) {
      const fmModel = { frontMatter, calls: [], typos: [] } as unknown as NoteModel;
      raw.push(...collectFindings(fmModel, text, { config: options.config, today: options.today, rules: [fmRule], onRuleError: options.onRuleError }));
    }
    regions.results.forEach((r, k) => {
      if (r.raw.length) raw.push(...shift(r.raw, regions.start[k]));
    });
    yield;
    raw.sort(compareFindings);
    findings = finalizeFindings(raw, lines, suppressions, options.locale);
  }

  let model: NoteModel | null = null;
  let calls: CallSummary[] | null = null;
  let publicHeadings: NoteModel['headings'] | null = null;
  const assemble = (from: number, to: number): NoteModel => {
    const models: { start: number; m: RegionModels }[] = [];
    for (let k = from; k < to; k++) models.push({ start: regions.start[k], m: cache.models(regions.results[k], text, regions.start[k], options) });
    return {
      isCallNote: reason !== null,
      reason,
      frontMatter,
      headings: (publicHeadings ??= buildHeadingTree(pieces, options.matcher, text.length).map(publicHeading)),
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
    model: () => (model ??= assemble(0, regions.results.length)),
    calls: () =>
      (calls ??= regions.results.flatMap((r, k) =>
        shift(r.summaries ?? cache.models(r, text, regions.start[k], options).calls.map(summarizeCall), regions.start[k]),
      )),
    modelAt: (offset) => {
      if (model) return model;
      let i = regions.start.length - 1;
      while (i > 0 && regions.start[i] > offset) i--;
      return assemble(Math.max(0, i - (regions.start[i] === offset ? 1 : 0)), i + 1);
    },
    summary: { calls: callCount, openOffers: offerCount },
  };
}

function buildRegion(
  text: string,
  pieces: SectionPiece[],
  cut: { start: number; end: number },
  declared: boolean,
  options: IncrementalOptions,
  summarize: boolean,
): RegionResult {
  const regionText = detach(text.slice(cut.start, cut.end));
  const relative = pieces.map((p) => ({ base: p.base - cut.start, end: p.end - cut.start, syntax: p.syntax }));
  const model = buildRegionModel(regionText, relative, declared, options);
  const raw = collectFindings(model, regionText, { config: options.config, today: options.today, onRuleError: options.onRuleError });
  const result: RegionResult = {
    call: false,
    context: 0,
    raw,
    // Not kept: on a large note most would only be promoted to the old generation and collected
    // later in long pauses. A feature at a point rebuilds the one or two it needs from the sections.
    models: undefined,
    summaries: summarize ? model.calls.map(summarizeCall) : null,
    pieces: relative,
    length: cut.end - cut.start,
    declared,
    callCount: model.calls.length,
    openOffers: model.calls.reduce((n, c) => n + openOffers(c.offers), 0),
    items: model.calls.reduce((n, c) => n + c.steps.reduce((k, st) => k + st.items.length, 0), 1),
  };
  return result;
}

function buildRegionModel(regionText: string, pieces: SectionPiece[], declared: boolean, options: IncrementalOptions): NoteModel {
  const syntax = flattenSections(pieces, 0, false);
  return buildModel(regionText, syntax, new LineIndex(''), { matcher: options.matcher, byPath: false, fileName: '', region: { declared } });
}

/** Whether a region's sections are, one for one, the parsed sections `pieces[from..to)`. */
function sameSections(own: readonly SectionPiece[], pieces: readonly SectionPiece[], from: number, to: number): boolean {
  if (own.length !== to - from) return false;
  for (let k = 0; k < own.length; k++) if (own[k].syntax !== pieces[from + k].syntax) return false;
  return true;
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
