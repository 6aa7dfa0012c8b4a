import type { Locale, Span } from './types.js';
import type { MotConfig } from './config.js';
import { LIMITS } from './limits.js';
import { emptySyntax, type SectionSyntax } from './parse/syntax.js';
import { flattenSections, parseSectionsAfterEditSteps, parseSectionsSteps, SectionCache, textDiff, type SectionPiece, type Splice, type TextDiff } from './parse/document.js';
import { parseSection } from './parse/parseSection.js';
import { drain } from './parse/split.js';
import { buildHeadingTree, buildRegionModel, noteLanguage, publicHeading, type NoteContext, type RegionModel } from './model/build.js';
import { isCallMask, SectionIndex } from './model/outline.js';
import { readFrontMatter } from './model/frontMatter.js';
import { readSuppressions } from './model/suppressions.js';
import { fileCallTitle, noteName } from './model/note.js';
import { firstDate, type DateContext } from './model/dates.js';
import { wordingFor } from './model/wording.js';
import { lowerBound } from './text/sorted.js';
import { loc } from './l10n.js';
import { countUnconfirmed } from './model/predicates.js';
import type { StepMatcher } from './model/steps.js';
import type { CallNoteReason, FrontMatter, NoteModel, Suppression } from './model/model.js';
import { moveSummary, summarizeCall, type CallSummary } from './model/summary.js';
import { LineIndex } from './text/lineIndex.js';
import { selectTop, type TopFindings } from './top.js';
import { collectFindings, collectNoteFindings, compareFindings, finalizeFindings, moveFinding, type Finding, type RawFinding, type RuleErrorHandler } from './lint.js';

/** The result of analysing one note. */
export interface Analysis {
  isCallNote: boolean;
  /** Why the file is a call note (null when it is not one). */
  reason: CallNoteReason | null;
  /** Every finding, in document order (built on first access). */
  readonly findings: Finding[];
  /**
   * The `limit` most severe findings (then by position), in document order,
   * and how many there are in all: builds only the findings it returns.
   */
  top(limit: number): TopFindings;
  /** The note's model (built on first access). */
  readonly model: NoteModel;
  /**
   * A model holding at least the calls around `offset` (on a large note,
   * only those: cheap); use it for features at a point.
   */
  modelAt(offset: number): NoteModel;
  /** What the outline, folding and code lenses show of each call (cheaper than the model on large notes). */
  readonly calls: CallSummary[];
  /** Counts for a status display, without building the model. */
  summary: { calls: number; openOffers: number };
  lines: LineIndex;
  text: string;
}

/** What an analysis of one note needs to know besides its text, resolved. */
export interface PipelineOptions {
  config: MotConfig;
  matcher: StepMatcher;
  /** Whether the file's path matches a `files` glob. */
  byPath: boolean;
  /** The file's path, for the title of a call made of the steps at the top of the note. */
  path?: string;
  today: string;
  locale: Locale;
  onRuleError?: RuleErrorHandler;
}

/**
 * What an analysis can reuse from the previous one of the same document:
 * parsed sections, and the findings (and, near the cursor, the model) of each
 * region — a top-level call, or the text between two — whose sections and
 * context did not change.
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

  /**
   * Whether the call summaries of every region are kept (for the outline,
   * folding and code lenses); above this length they are rebuilt when asked,
   * which a server that offers none of these on such notes never does.
   */
  keepSummariesUpTo: number = LIMITS.hugeNoteChars;

  /** Items whose region models stay cached; older ones are rebuilt from the parsed sections when needed. */
  modelBudget: number = LIMITS.modelBudgetItems;
  private readonly held = new Set<RegionResult>();
  private heldItems = 0;

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
    if (text.length - diff.suffix - diff.prefix < LIMITS.smallEditChars) return !options.isCancelled?.();
    const missing: string[] = [];
    const placeholder = emptySyntax();
    // A dry run of the real parse finds what is not cached; a block left open may need one more pass.
    const lookup = (t: string) => {
      const hit = this.sections.peek(t);
      if (!hit) missing.push(t);
      return hit ?? placeholder;
    };
    const pause = slicer(options);
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
    } else if (text.length <= LIMITS.wholeParseMaxChars) {
      // One piece: the next version is split into sections, finding this one's text by comparison.
      pieces = [{ base: 0, end: text.length, syntax: { ...parseSection(text), openAtEnd: false } }];
      this.sections.parsedCount = 1;
    } else {
      pieces = yield* parseSectionsSteps(text, this.sections);
      this.sections.release();
    }
    this.previous = { text, pieces, lines, index: null, before: prev && splice ? { pieces: prev.pieces, index: prev.index, splice } : null };
    this.lastDiff = null;
    return pieces;
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
  begin(pieces: SectionPiece[], count: number): RegionRun {
    this.builtRegions = 0;
    this.reusedRegions = 0;
    const last = this.last;
    const before = this.previous?.before;
    let mapping: Splice | null = null;
    if (last) {
      if (last.pieces === pieces) mapping = { kept: pieces.length, removedEnd: pieces.length, added: 0, delta: 0 };
      else if (before?.pieces === last.pieces) mapping = before.splice;
    }
    const regions: LastRegions = { pieces, byFrom: new Int32Array(pieces.length + 1), to: new Int32Array(count), results: [] };
    return { last: mapping ? last : null, mapping, regions };
  }

  /** @internal The cached result of the region made of `pieces[from..to)` in `context`, or a new one from `build`; recorded in `run`. */
  region(run: RegionRun, from: number, to: number, context: number, build: () => RegionResult): RegionResult {
    let r = byPosition(run, from, to, context);
    if (r) this.reusedRegions++;
    else r = this.lookup(run.regions.pieces, from, to, context, build);
    const b = run.regions;
    const k = b.results.length;
    b.results.push(r);
    b.byFrom[from] = k + 1;
    b.to[k] = to;
    return r;
  }

  /** @internal The cached result of a region found by its sections and context, or a new one from `build`. */
  lookup(pieces: readonly SectionPiece[], from: number, to: number, context: number, build: () => RegionResult): RegionResult {
    let r = this.bySections(context, pieces, from, to);
    if (r) {
      this.reusedRegions++;
      return r;
    }
    r = build();
    const first = from < to ? pieces[from].syntax : null;
    const list = this.regions.get(first);
    if (list) list.push(r);
    else this.regions.set(first, [r]);
    this.stored++;
    this.builtRegions++;
    return r;
  }

  private bySections(context: number, pieces: readonly SectionPiece[], from: number, to: number): RegionResult | undefined {
    const list = this.regions.get(from < to ? pieces[from].syntax : null);
    return list?.find((c) => c.context === context && sameSections(c.pieces, pieces, from, to));
  }

  /** @internal An analysis finished: remember its regions, and forget older ones once there are a few hundred. */
  end(run: RegionRun): void {
    const done = run.regions;
    this.last = done;
    if (this.stored <= done.results.length + LIMITS.staleRegions) return;
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

  /** @internal The model of a region starting at `start` of `text`, rebuilt from its sections when it was evicted or has moved. */
  model(r: RegionResult, text: string, start: number): RegionModel {
    if (!r.model || r.model.start !== start) {
      r.model = { start, model: buildModelOf(text, r.pieces, start, r.length, r.ctx) };
    }
    this.hold(r);
    return r.model.model;
  }

  /** Marks a region's model as recently used and evicts the oldest over budget. */
  private hold(r: RegionResult): void {
    if (this.held.delete(r)) this.heldItems -= r.items;
    this.held.add(r);
    this.heldItems += r.items;
    for (const old of this.held) {
      if (this.heldItems <= this.modelBudget || old === r) break;
      this.held.delete(old);
      this.heldItems -= old.items;
      old.model = undefined;
    }
  }
}

/** One analysis's cutting into regions: what it reuses by position, and what it has cut so far. */
interface RegionRun {
  /** The last complete analysis's regions, when `mapping` maps its pieces onto this one's. */
  last: LastRegions | null;
  mapping: Splice | null;
  regions: LastRegions;
}

/** The last analysis's region at the same place in the text, if its sections and context are the same. */
function byPosition(run: RegionRun, from: number, to: number, context: number): RegionResult | undefined {
  const { last, mapping: m } = run;
  if (!last || !m) return undefined;
  // Pieces before the splice kept their index; those after it moved by the difference in count.
  let shift: number;
  if (to <= m.kept) shift = 0;
  else if (from >= m.kept + m.added) shift = m.removedEnd - m.kept - m.added;
  else return undefined;
  const k = last.byFrom[from + shift] - 1;
  if (k < 0 || last.to[k] !== to + shift) return undefined;
  const r = last.results[k];
  return r.context === context ? r : undefined;
}

/** The regions of an analysis by position: each one's first and end piece. */
interface LastRegions {
  pieces: SectionPiece[];
  /** For each piece index, 1 + the index of the region starting there (0: none). */
  byFrom: Int32Array;
  to: Int32Array;
  results: RegionResult[];
}

/** A region's findings and summaries, offsets relative to the region's start, and (while cached) its model. */
interface RegionResult {
  /** The {@link AnalysisCache.contextId} of `ctx`. */
  context: number;
  ctx: NoteContext;
  raw: RawFinding[];
  /** The model, with the note offsets of the region starting at `start`. */
  model: { start: number; model: RegionModel } | undefined;
  /** Its calls as the outline, folding and lenses need them, kept when the model is not. */
  summaries: CallSummary[] | null;
  /** The sections it was built from, bases relative to the region, to rebuild the model. */
  pieces: SectionPiece[];
  length: number;
  callCount: number;
  openOffers: number;
  items: number;
}

/** Runs a step generator in slices, pausing for other work in between. */
function slicer(options: { sliceMs?: number; isCancelled?: () => boolean }): () => Promise<boolean> {
  const slice = options.sliceMs ?? LIMITS.sliceMs;
  let started = performance.now();
  return async () => {
    if (performance.now() - started <= slice) return true;
    await new Promise<void>((resolve) => setImmediate(resolve));
    started = performance.now();
    return !options.isCancelled?.();
  };
}

/** Analyses a note, reusing what `cache` holds of its previous version. */
export function analyzeWith(text: string, cache: AnalysisCache, options: PipelineOptions): Analysis {
  return drain(analysisSteps(text, cache, options));
}

/**
 * The same analysis in time slices of about `sliceMs`, pausing for other work
 * between them (a hover on a 10 MB note is answered while it is analysed).
 * Resolves to undefined when `isCancelled` says stop; what was built stays cached.
 */
export async function analyzeWithAsync(
  text: string,
  cache: AnalysisCache,
  options: PipelineOptions & { sliceMs?: number; isCancelled?: () => boolean },
): Promise<Analysis | undefined> {
  if (!(await cache.prepare(text, options))) return undefined;
  const steps = analysisSteps(text, cache, options);
  const pause = slicer(options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (!(await pause())) {
      steps.return(undefined as never);
      return undefined;
    }
  }
}

/**
 * The analysis: parse (reusing sections), the note's own facts, then region
 * by region the model and the findings of its calls (reusing every region
 * whose sections and context are unchanged), then the findings about the
 * note as a whole. Yields where a server may pause for other requests.
 */
function* analysisSteps(text: string, cache: AnalysisCache, options: PipelineOptions): Generator<void, Analysis, void> {
  const pieces = yield* cache.parse(text);
  const first = pieces[0]?.syntax;
  const dates = { ref: null, today: options.today, order: options.config.dateOrder ?? null };
  const frontMatter = first?.frontMatter ? readFrontMatter(text, first.frontMatter, dates) : unclosedFrontMatter(text);
  const mot = frontMatter?.data?.mot;
  const language = noteLanguage(text);
  if (mot === false) return switchedOff(text, cache.lines(text), frontMatter, language);
  const declared = mot === true || options.byPath;

  const index = yield* cache.sectionIndex(options.matcher);
  const outline = index.outline(text.length);
  yield;

  // Steps at the top of the note make it one call: one region. Otherwise top-level calls cut it into
  // regions, each starting and ending on a section boundary (a call that does not stays with its neighbour).
  const fileCall = isCallMask(outline.topSteps, declared) ? { title: fileCallTitle(frontMatter, noteName(options.path)) } : null;
  const cuts = [0];
  if (!fileCall) {
    let covered = 0;
    for (let i = 0; i < outline.count; i++) {
      const start = outline.start[i];
      if (start < covered || !isCallMask(outline.childSteps[i], declared)) continue;
      const end = outline.sectionEnd[i];
      if (start > cuts[cuts.length - 1] && index.pieceAt(start) >= 0) cuts.push(start);
      if (end < text.length && index.pieceAt(end) >= 0) cuts.push(end);
      covered = end;
    }
  }
  cuts.push(text.length);

  const noteDate = frontMatter?.date ?? firstDate(noteName(options.path), dates)?.date ?? topHeadingDate(pieces, index, dates);
  const ctx: NoteContext = {
    matcher: options.matcher,
    declared,
    fileCall,
    frontMatterScore: null,
    wording: wordingFor(options.config.words),
    today: options.today,
    dateOrder: dates.order,
    noteDate,
  };
  const contextKey = `${declared ? 1 : 0}|${fileCall?.title ?? ''}|${options.today}|${noteDate}|${JSON.stringify(options.config)}`;
  const context = cache.contextId(contextKey);
  const summarize = text.length <= cache.keepSummariesUpTo;
  const starts: number[] = [];
  const spans: { from: number; to: number }[] = [];
  const run = cache.begin(pieces, cuts.length - 1);
  let to = 0;
  for (let k = 0; k + 1 < cuts.length; k++) {
    const from = to;
    while (to < pieces.length && index.pieceBase[to] < cuts[k + 1]) to++;
    let built = false;
    starts.push(cuts[k]);
    spans.push({ from, to });
    cache.region(run, from, to, context, () => {
      built = true;
      return buildRegion(text, pieces.slice(from, to), { start: cuts[k], end: cuts[k + 1] }, ctx, context, options, summarize);
    });
    if (built || k % 256 === 255) yield;
  }
  const results = run.regions.results;

  let callCount = 0;
  for (const r of results) callCount += r.callCount;
  // A single-call note takes its score from the front matter: that call's region, in a context of its own.
  if (frontMatter?.score && callCount === 1) {
    const k = results.findIndex((r) => r.callCount === 1);
    const withScore: NoteContext = { ...ctx, frontMatterScore: frontMatter.score };
    const scored = cache.contextId(`${contextKey}|score ${JSON.stringify(frontMatter.score)} at ${starts[k]}`);
    const { from, to } = spans[k];
    results[k] = cache.lookup(pieces, from, to, scored, () =>
      buildRegion(text, pieces.slice(from, to), { start: starts[k], end: starts[k] + results[k].length }, withScore, scored, options, summarize),
    );
  }
  cache.end(run);

  let offerCount = 0;
  for (const r of results) offerCount += r.openOffers;
  const reason: CallNoteReason | null = mot === true ? 'front-matter' : options.byPath ? 'path' : callCount ? 'calls' : null;
  yield;
  const lines = cache.lines(text);
  const suppressions: Suppression[] = [];
  for (const k of index.withSuppressions()) suppressions.push(...readSuppressions(pieces[k].syntax.html, lines, pieces[k].base));

  const noteRaw = reason
    ? collectNoteFindings({ frontMatter, reason, calls: callCount, text }, { config: options.config, onRuleError: options.onRuleError })
    : [];

  let findings: Finding[] | null = null;
  let model: NoteModel | null = null;
  let calls: CallSummary[] | null = null;
  let publicHeadings: NoteModel['headings'] | null = null;
  const assemble = (from: number, to: number): NoteModel => {
    const parts: RegionModel[] = [];
    for (let k = from; k < to; k++) parts.push(cache.model(results[k], text, starts[k]));
    return {
      isCallNote: reason !== null,
      reason,
      frontMatter,
      headings: (publicHeadings ??= buildHeadingTree(pieces, options.matcher, text.length).map(publicHeading)),
      calls: parts.flatMap((m) => m.calls),
      commitments: parts.flatMap((m) => m.commitments),
      sheets: parts.flatMap((m) => m.sheets),
      typos: reason ? parts.flatMap((m) => m.typos) : [],
      suppressions,
      language,
    };
  };
  return {
    isCallNote: reason !== null,
    reason,
    get findings() {
      if (findings) return findings;
      if (!reason) return (findings = []);
      const raw: RawFinding[] = [...noteRaw];
      results.forEach((r, k) => {
        for (const f of r.raw) raw.push(moveFinding(f, starts[k]));
      });
      raw.sort(compareFindings);
      return (findings = finalizeFindings(raw, lines, suppressions, options.locale));
    },
    top(limit: number) {
      if (!reason) return { findings: [], total: 0 };
      return selectTop(noteRaw, results, starts, lines, suppressions, options.locale, limit);
    },
    get model() {
      return (model ??= assemble(0, results.length));
    },
    get calls() {
      return (calls ??= results.flatMap((r, k) =>
        r.summaries ? r.summaries.map((s) => moveSummary(s, starts[k])) : cache.model(r, text, starts[k]).calls.map(summarizeCall),
      ));
    },
    modelAt(offset: number) {
      if (model) return model;
      let i = starts.length - 1;
      while (i > 0 && starts[i] > offset) i--;
      return assemble(Math.max(0, i - (starts[i] === offset ? 1 : 0)), i + 1);
    },
    summary: { calls: callCount, openOffers: offerCount },
    lines,
    text,
  };
}

/** A note whose front matter says `mot: false`: nothing to report. */
function switchedOff(text: string, lines: LineIndex, frontMatter: FrontMatter | null, language: 'en' | 'zh'): Analysis {
  const model: NoteModel = { isCallNote: false, reason: null, frontMatter, headings: [], calls: [], commitments: [], sheets: [], typos: [], suppressions: [], language };
  return { isCallNote: false, reason: null, findings: [], top: () => ({ findings: [], total: 0 }), model, modelAt: () => model, calls: [], summary: { calls: 0, openOffers: 0 }, lines, text };
}

/** The date in the note's first top-level heading (`# ACME – 2026-11-20`), if any. */
function topHeadingDate(pieces: readonly SectionPiece[], index: SectionIndex, dates: DateContext): string | null {
  const at = index.headingDepth.indexOf(1);
  if (at < 0) return null;
  let k = lowerBound(index.pieceFirst, at + 1) - 1;
  while (k > 0 && index.pieceFirst[k] > at) k--;
  const heading = pieces[k]?.syntax.headings[at - index.pieceFirst[k]];
  return heading ? (firstDate(heading.text, dates)?.date ?? null) : null;
}

/**
 * A first line `---` followed by `key: value` lines and no closing `---`: front
 * matter that was meant and never closed (Markdown reads it as text).
 */
function unclosedFrontMatter(text: string): FrontMatter | null {
  const m = /^\uFEFF?---[ \t]*(\r\n|\r|\n)/.exec(text);
  if (!m || !/^[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)/m.test(text.slice(m[0].length, m[0].length + 200).split(/\r\n|\r|\n/)[0])) return null;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const span = { start, end: start + 3 };
  return {
    span,
    data: null,
    score: null,
    date: null,
    problems: [
      {
        span,
        message: loc(
          'The front matter is never closed: add a line --- after its last `key: value` line. Until then the whole note is read as text, and its customer, date and score are ignored.',
          '文件开头的信息（front matter）没有结束：请在最后一行 `键: 值` 之后加一行 ---。在此之前，整份记录都被当作正文，客户、日期和评分都不会被读取。',
        ),
      },
    ],
  };
}

function buildModelOf(text: string, pieces: readonly SectionPiece[], start: number, length: number, ctx: NoteContext): RegionModel {
  const syntax = flattenSections(
    pieces.map((p) => ({ base: p.base + start, end: p.end + start, syntax: p.syntax })),
    0,
    false,
  );
  return buildRegionModel(text, syntax, { start, end: start + length }, ctx);
}

function buildRegion(
  text: string,
  pieces: SectionPiece[],
  cut: Span,
  ctx: NoteContext,
  context: number,
  options: PipelineOptions,
  summarize: boolean,
): RegionResult {
  const relative = pieces.map((p) => ({ base: p.base - cut.start, end: p.end - cut.start, syntax: p.syntax }));
  const model = buildModelOf(text, relative, cut.start, cut.end - cut.start, ctx);
  const raw = collectFindings({ model, text, today: options.today }, { config: options.config, onRuleError: options.onRuleError });
  return {
    context,
    ctx,
    raw: raw.map((f) => moveFinding(f, -cut.start)),
    // Not kept: on a large note most would only be promoted to the old generation and collected
    // later in long pauses. A feature at a point rebuilds the one or two it needs from the sections.
    model: undefined,
    summaries: summarize ? model.calls.map((c) => moveSummary(summarizeCall(c), -cut.start)) : null,
    pieces: relative,
    length: cut.end - cut.start,
    callCount: model.calls.length,
    openOffers: model.calls.reduce((n, c) => n + countUnconfirmed(c.offers), 0),
    items: model.calls.reduce((n, c) => n + c.steps.reduce((k, st) => k + st.items.length, 0), 1),
  };
}

/** Whether a region's sections are, one for one, the parsed sections `pieces[from..to)`. */
function sameSections(own: readonly SectionPiece[], pieces: readonly SectionPiece[], from: number, to: number): boolean {
  if (own.length !== to - from) return false;
  for (let k = 0; k < own.length; k++) if (own[k].syntax !== pieces[from + k].syntax) return false;
  return true;
}

