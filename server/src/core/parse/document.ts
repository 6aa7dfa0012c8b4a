import { drain, splitSectionsSteps } from './split.js';
import { parseSection } from './parseSection.js';
import { appendSyntax, emptySyntax, type SectionSyntax } from './syntax.js';
import type { Span } from '../types.js';
import { detach } from '../text/detach.js';


/**
 * Parsed sections keyed by their text, so an edit re-parses only the sections
 * it touched. Each analysis starts a new generation; entries not used by it
 * are dropped, so the cache never holds more than one version of a document.
 */
export class SectionCache {
  private current = new Map<string, Entry>();
  private next = new Map<string, Entry>();
  /** Sections parsed (cache misses) in the last analysis. */
  parsedCount = 0;
  /** Sections reused (cache hits) in the last analysis. */
  reusedCount = 0;
  private open = false;
  private warmed: string[] = [];

  /** @internal */
  begin(): void {
    // A parse stopped half-way (a newer version arrived): keep what it parsed for the next one.
    if (this.open) for (const [text, entry] of this.next) this.current.set(text, entry);
    this.open = true;
    this.next = new Map();
    this.parsedCount = 0;
    this.reusedCount = 0;
  }

  /** @internal */
  get(text: string): SectionSyntax {
    let entry = this.next.get(text);
    if (entry) return entry.syntax;
    entry = this.current.get(text);
    if (entry) this.reusedCount++;
    else {
      entry = parsed(text);
      this.parsedCount++;
    }
    this.next.set(entry.text, entry);
    return entry.syntax;
  }

  /** @internal */
  end(): void {
    this.open = false;
    this.current = this.next;
    this.next = new Map();
    this.warmed = [];
  }

  /** @internal A cached section, without parsing or counting. */
  peek(text: string): SectionSyntax | undefined {
    return (this.next.get(text) ?? this.current.get(text))?.syntax;
  }

  /** @internal Parses a section ahead of the analysis that will ask for it. */
  warm(text: string): void {
    if (this.peek(text)) return;
    const entry = parsed(text);
    this.current.set(entry.text, entry);
    this.warmed.push(entry.text);
  }

  /**
   * @internal Forgets every section. A document's analysis cache calls it once
   * the first version is parsed: later versions find their unchanged sections
   * through the previous version's, and the texts kept as keys would cost as
   * much memory as the document.
   */
  release(): void {
    this.current = new Map();
    this.next = new Map();
    this.open = false;
    this.warmed = [];
  }

  /** @internal Drops sections warmed for an edit once the edit's parse holds them: edits never end a generation. */
  forgetWarmed(): void {
    for (const text of this.warmed) this.current.delete(text);
    this.warmed = [];
  }

  /** @internal Parses a section for one analysis without keeping it beyond that. */
  parseOnce(text: string): SectionSyntax {
    const hit = this.peek(text);
    if (hit) {
      this.reusedCount++;
      return hit;
    }
    this.parsedCount++;
    return parsed(text).syntax;
  }
}

/** A cached section: its own copy of its text (the key), and its syntax. */
interface Entry {
  text: string;
  syntax: SectionSyntax;
}

function parsed(text: string): Entry {
  const own = detach(text);
  return { text: own, syntax: parseSection(own) };
}


/** How the section parsers obtain a section's syntax (a cache, or a dry run that only records). */
export type SectionLookup = (text: string) => SectionSyntax;

/** One parsed section of a document: its syntax, offsets relative to `base`. */
export interface SectionPiece {
  base: number;
  end: number;
  syntax: SectionSyntax;
}

/**
 * Parses a document section by section (see `splitSectionsSteps`), reusing
 * `cache` when given. A section whose code or HTML block is still open at its
 * end is parsed together with the next one, so the pieces equal a parse of
 * the whole text.
 */
export function parseSections(text: string, cache?: SectionCache, lookup?: SectionLookup): SectionPiece[] {
  return drain(parseSectionsSteps(text, cache, lookup));
}

/** {@link parseSections} as steps, pausing during the scan and between sections. */
export function* parseSectionsSteps(text: string, cache?: SectionCache, lookup?: SectionLookup): Generator<void, SectionPiece[], void> {
  const { sections: spans } = yield* splitSectionsSteps(text, 0);
  if (lookup) return yield* piecesOf(text, spans, lookup);
  const local = cache ?? new SectionCache();
  local.begin();
  const pieces = yield* piecesOf(text, spans, (t) => local.get(t));
  local.end();
  return pieces;
}

/**
 * Parses a new version of a document whose previous version was parsed into
 * `prev`: sections inside the unchanged start and end of the text are kept
 * (the end ones moved), and the line scan runs again only from the last kept
 * section until it meets an old section start in the unchanged end. Gives the
 * same pieces as {@link parseSections}; `spliced` learns which pieces
 * changed. Runs as steps, pausing during the scan and between sections.
 */
export function* parseSectionsAfterEditSteps(
  text: string,
  prev: { text: string; pieces: SectionPiece[] },
  cache: SectionCache,
  lookup: SectionLookup | undefined,
  diff: TextDiff,
  spliced?: (splice: Splice | null) => void,
): Generator<void, SectionPiece[], void> {
  const old = prev.text;
  if (old === text) {
    spliced?.({ kept: prev.pieces.length, removedEnd: prev.pieces.length, added: 0, delta: 0 });
    return prev.pieces;
  }
  const { prefix: p, suffix: s } = diff;
  const delta = text.length - old.length;
  const changedLine = Math.max(text.lastIndexOf('\n', p - 1), text.lastIndexOf('\r', p - 1)) + 1;
  // Keep the sections that end before the changed line; resume the scan where the last one ends.
  let kept = 0;
  while (kept < prev.pieces.length && prev.pieces[kept].end < changedLine) kept++;
  const resume = kept > 0 ? prev.pieces[kept - 1].end : 0;
  const suffixStart = text.length - s;
  const oldIndex = (base: number) => pieceIndex(prev.pieces, base);
  const { sections, stoppedAt } = yield* splitSectionsSteps(
    text,
    resume,
    (start) => start >= suffixStart && start - delta >= old.length - s && oldIndex(start - delta) >= 0,
  );
  const sync = stoppedAt === null ? prev.pieces.length : oldIndex(stoppedAt - delta);
  // Unchanged sections inside the re-scanned stretch are found by their text.
  const window = new Map<string, SectionSyntax>();
  for (let i = kept; i < sync; i++) window.set(old.slice(prev.pieces[i].base, prev.pieces[i].end), prev.pieces[i].syntax);
  const get = (t: string) => window.get(t) ?? (lookup ? lookup(t) : cache.parseOnce(t));

  const fresh = yield* piecesOf(text, sections, get);
  // A block still open where the old sections resume: their split no longer holds.
  if (stoppedAt !== null && fresh.length && fresh[fresh.length - 1].syntax.openAtEnd) {
    spliced?.(null);
    // Split again from the top; the old sections are still found by their text.
    const all = new Map<string, SectionSyntax>();
    for (const piece of prev.pieces) all.set(old.slice(piece.base, piece.end), piece.syntax);
    for (const piece of fresh) all.set(text.slice(piece.base, piece.end), piece.syntax);
    return yield* parseSectionsSteps(text, cache, (t) => all.get(t) ?? (lookup ? lookup(t) : cache.parseOnce(t)));
  }
  spliced?.({ kept, removedEnd: sync, added: fresh.length, delta });
  const pieces = prev.pieces.slice(0, kept);
  for (const piece of fresh) pieces.push(piece);
  for (let k = sync; k < prev.pieces.length && stoppedAt !== null; k++) {
    const piece = prev.pieces[k];
    pieces.push({ base: piece.base + delta, end: piece.end + delta, syntax: piece.syntax });
  }
  return pieces;
}

/**
 * How the pieces of a new version relate to the old ones: the first `kept`
 * stay, those up to `removedEnd` are replaced by `added` new ones, and the
 * rest follow, moved by `delta`.
 */
export interface Splice {
  kept: number;
  removedEnd: number;
  added: number;
  delta: number;
}

/** Index of the piece starting exactly at `offset`, or -1. */
function pieceIndex(pieces: readonly SectionPiece[], offset: number): number {
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const base = pieces[mid].base;
    if (base === offset) return mid;
    if (base < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Groups split sections into pieces, parsing on with the next section while a block is left open; pauses after each. */
function* piecesOf(text: string, spans: Span[], get: SectionLookup): Generator<void, SectionPiece[], void> {
  const pieces: SectionPiece[] = [];
  let i = 0;
  while (i < spans.length) {
    const start = spans[i].start;
    let j = i;
    let syntax = get(text.slice(start, spans[j].end));
    while (syntax.openAtEnd && j + 1 < spans.length) {
      j++;
      syntax = get(text.slice(start, spans[j].end));
    }
    pieces.push({ base: start, end: spans[j].end, syntax });
    i = j + 1;
    yield;
  }
  return pieces;
}

/** How two versions of a text differ: the lengths of their common start and of their common end (not overlapping it). */
export interface TextDiff {
  prefix: number;
  suffix: number;
}

/** The common start and end of two versions of a text. */
export function textDiff(old: string, text: string): TextDiff {
  const prefix = commonPrefix(old, text);
  return { prefix, suffix: commonSuffix(old, text, prefix) };
}

/** Length of the common start of two strings, compared in blocks. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (const step of [65536, 4096, 256, 16]) {
    while (i + step <= n && a.slice(i, i + step) === b.slice(i, i + step)) i += step;
  }
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common end of two strings, not overlapping a common start of `prefix`. */
function commonSuffix(a: string, b: string, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  let i = 0;
  for (const step of [65536, 4096, 256, 16]) {
    while (i + step <= n && a.slice(a.length - i - step, a.length - i) === b.slice(b.length - i - step, b.length - i)) i += step;
  }
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/** Joins section pieces into one syntax with offsets relative to `origin`; front matter only from a piece at 0. */
export function flattenSections(pieces: readonly SectionPiece[], origin = 0, keepFrontMatter = true): SectionSyntax {
  const out = emptySyntax();
  for (const p of pieces) {
    appendSyntax(out, p.syntax, p.base - origin);
    if (keepFrontMatter && p.syntax.frontMatter && p.base === origin) out.frontMatter = p.syntax.frontMatter;
  }
  return out;
}

/**
 * Parses a whole document section by section and returns the extracted
 * syntax with offsets relative to the document; equals a parse of the whole
 * text at once.
 */
export function parseDocument(text: string): SectionSyntax {
  return flattenSections(parseSections(text));
}
