import { STEP_ORDER, type StepKind } from '../types.js';
import type { HeadingSyntax, ParagraphSyntax } from '../parse/syntax.js';
import type { StepMatcher } from './steps.js';
import type { Splice } from '../parse/document.js';
import { lowerBound } from '../text/sorted.js';

/**
 * The heading tree of a document reduced to what splitting it into calls
 * needs, in flat typed arrays: on a 1 MB note it is rebuilt on every
 * keystroke, and a few thousand heading objects with their spans cost more
 * than everything else that keystroke does.
 */
export interface Outline {
  count: number;
  /** Start offset of each heading. */
  start: Int32Array;
  /** End of each heading's section (the next heading of the same or a higher level, or the end of the text). */
  sectionEnd: Int32Array;
  /** Step kinds among each heading's direct sub-headings, one bit per kind ({@link stepBit}). */
  childSteps: Uint8Array;
  /** Step kinds among the top-level headings. */
  topSteps: number;
}

/** The bit of a step kind in {@link Outline} masks. */
export function stepBit(kind: StepKind | null): number {
  return kind ? 1 << STEP_ORDER.indexOf(kind) : 0;
}

/** Whether direct sub-headings with these step kinds make their parent a call (two kinds, or one in a declared call note). */
export function isCallMask(mask: number, declared: boolean): boolean {
  return (mask & (mask - 1)) !== 0 || (mask !== 0 && declared);
}

/** Step bits of a section's headings, cached per parsed section and matcher (sections are immutable once parsed). */
const bitsCache = new WeakMap<readonly HeadingSyntax[], { matcher: StepMatcher; bits: Uint8Array }>();

function stepBits(headings: readonly HeadingSyntax[], matcher: StepMatcher): Uint8Array {
  const hit = bitsCache.get(headings);
  if (hit && hit.matcher === matcher) return hit.bits;
  const bits = new Uint8Array(headings.length);
  for (let i = 0; i < headings.length; i++) bits[i] = stepBit(matcher.match(headings[i].text));
  bitsCache.set(headings, { matcher, bits });
  return bits;
}

/**
 * Step kinds of the step labels (`**Explore:**`) in a section, per heading of
 * the section (the innermost heading before the label), and of the labels
 * before the section's first heading. Labels under a step heading are items
 * of that step, not steps: they are left out here and in the model alike.
 */
export function labelBits(
  headings: readonly HeadingSyntax[],
  paragraphs: readonly ParagraphSyntax[],
  matcher: StepMatcher,
): { perHeading: Uint8Array | null; lead: number } {
  let perHeading: Uint8Array | null = null;
  let lead = 0;
  let h = -1;
  for (const p of paragraphs) {
    if (!p.label) continue;
    const bit = stepBit(matcher.match(p.label.name));
    if (!bit) continue;
    while (h + 1 < headings.length && headings[h + 1].start <= p.start) h++;
    if (h < 0) lead |= bit;
    else (perHeading ??= new Uint8Array(headings.length))[h] |= bit;
  }
  return { perHeading, lead };
}

const labelCache = new WeakMap<readonly ParagraphSyntax[], { matcher: StepMatcher; bits: ReturnType<typeof labelBits> }>();

function cachedLabelBits(syntax: Piece['syntax'], matcher: StepMatcher): ReturnType<typeof labelBits> {
  const hit = labelCache.get(syntax.paragraphs);
  if (hit && hit.matcher === matcher) return hit.bits;
  const bits = labelBits(syntax.headings, syntax.paragraphs, matcher);
  labelCache.set(syntax.paragraphs, { matcher, bits });
  return bits;
}

/** The sections and headings of a parsed document as numbers: where each section starts, and each heading's start, level and step. */
export class SectionIndex {
  private constructor(
    readonly matcher: StepMatcher,
    /** Start offset of each piece. */
    readonly pieceBase: Int32Array,
    /** Index of each piece's first heading; one more entry holds the heading count. */
    readonly pieceFirst: Int32Array,
    /** 1 for a piece with an HTML node that may be a suppression comment. */
    readonly pieceMot: Uint8Array,
    readonly headingStart: Int32Array,
    readonly headingDepth: Uint8Array,
    readonly headingBits: Uint8Array,
    /** Step kinds of the labels directly under each heading. */
    readonly headingLabels: Uint8Array,
    /** Step kinds of the labels before each piece's first heading (only the first piece can have any). */
    readonly pieceLead: Uint8Array,
  ) {}

  /** The index of parsed pieces, headings matched to steps with `matcher`; as steps, pausing every few hundred pieces. */
  static *of(pieces: readonly Piece[], matcher: StepMatcher): Generator<void, SectionIndex, void> {
    const index = SectionIndex.empty(matcher, pieces.length, countHeadings(pieces, 0, pieces.length));
    yield* index.fill(pieces, 0, pieces.length, 0);
    return index;
  }

  /**
   * The index of `pieces`, made from this one (the index of the version
   * before an edit) by copying what the splice kept or moved: only the new
   * pieces are looked at, so a keystroke costs memory copies, not a walk
   * over thousands of section objects.
   */
  *spliced(pieces: readonly Piece[], splice: Splice, matcher: StepMatcher): Generator<void, SectionIndex, void> {
    if (matcher !== this.matcher) return yield* SectionIndex.of(pieces, matcher);
    const { kept, removedEnd, added, delta } = splice;
    const oldPieces = this.pieceBase.length;
    const movedPieces = oldPieces - removedEnd;
    const headsKept = this.pieceFirst[kept];
    const headsAdded = countHeadings(pieces, kept, kept + added);
    const movedFrom = this.pieceFirst[removedEnd];
    const headsMoved = this.pieceFirst[oldPieces] - movedFrom;
    const index = SectionIndex.empty(matcher, kept + added + movedPieces, headsKept + headsAdded + headsMoved);
    index.pieceBase.set(this.pieceBase.subarray(0, kept));
    index.pieceFirst.set(this.pieceFirst.subarray(0, kept));
    index.pieceMot.set(this.pieceMot.subarray(0, kept));
    index.pieceMot.set(this.pieceMot.subarray(removedEnd), kept + added);
    index.pieceLead.set(this.pieceLead.subarray(0, kept));
    index.pieceLead.set(this.pieceLead.subarray(removedEnd), kept + added);
    index.headingStart.set(this.headingStart.subarray(0, headsKept));
    index.headingDepth.set(this.headingDepth.subarray(0, headsKept));
    index.headingBits.set(this.headingBits.subarray(0, headsKept));
    index.headingLabels.set(this.headingLabels.subarray(0, headsKept));
    yield* index.fill(pieces, kept, kept + added, headsKept);
    const p0 = kept + added;
    const h0 = headsKept + headsAdded;
    for (let k = 0; k < movedPieces; k++) {
      index.pieceBase[p0 + k] = this.pieceBase[removedEnd + k] + delta;
      index.pieceFirst[p0 + k] = this.pieceFirst[removedEnd + k] - movedFrom + h0;
    }
    index.pieceFirst[p0 + movedPieces] = h0 + headsMoved;
    for (let k = 0; k < headsMoved; k++) index.headingStart[h0 + k] = this.headingStart[movedFrom + k] + delta;
    index.headingDepth.set(this.headingDepth.subarray(movedFrom, movedFrom + headsMoved), h0);
    index.headingBits.set(this.headingBits.subarray(movedFrom, movedFrom + headsMoved), h0);
    index.headingLabels.set(this.headingLabels.subarray(movedFrom, movedFrom + headsMoved), h0);
    return index;
  }

  private static empty(matcher: StepMatcher, pieces: number, headings: number): SectionIndex {
    const pieceFirst = new Int32Array(pieces + 1);
    pieceFirst[pieces] = headings;
    return new SectionIndex(
      matcher,
      new Int32Array(pieces),
      pieceFirst,
      new Uint8Array(pieces),
      new Int32Array(headings),
      new Uint8Array(headings),
      new Uint8Array(headings),
      new Uint8Array(headings),
      new Uint8Array(pieces),
    );
  }

  /** Writes pieces `from..to` and their headings, the first of them at heading index `heading`. */
  private *fill(pieces: readonly Piece[], from: number, to: number, heading: number): Generator<void, void, void> {
    let i = heading;
    for (let k = from; k < to; k++) {
      if ((k - from) % 512 === 511) yield;
      const { base, syntax } = pieces[k];
      this.pieceBase[k] = base;
      this.pieceFirst[k] = i;
      this.pieceMot[k] = syntax.html.some((h) => h.value.includes('mot-')) ? 1 : 0;
      const headings = syntax.headings;
      const labels = syntax.paragraphs.length ? cachedLabelBits(syntax, this.matcher) : null;
      this.pieceLead[k] = labels?.lead ?? 0;
      if (!headings.length) continue;
      const bits = stepBits(headings, this.matcher);
      for (let j = 0; j < headings.length; j++, i++) {
        this.headingStart[i] = headings[j].start + base;
        this.headingDepth[i] = headings[j].depth;
        this.headingBits[i] = bits[j];
        this.headingLabels[i] = labels?.perHeading?.[j] ?? 0;
      }
    }
  }

  /** Indices of the pieces that may hold suppression comments. */
  withSuppressions(): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.pieceMot.length; k++) if (this.pieceMot[k]) out.push(k);
    return out;
  }

  /** Index of the piece starting exactly at `offset`, or -1. */
  pieceAt(offset: number): number {
    const k = this.firstPieceFrom(offset);
    return k < this.pieceBase.length && this.pieceBase[k] === offset ? k : -1;
  }

  /** Index of the first piece starting at or after `offset`. */
  firstPieceFrom(offset: number): number {
    return lowerBound(this.pieceBase, offset);
  }

  /** The heading tree's outline (the same tree as `buildHeadingTree`) of a text of `length`. */
  outline(length: number): Outline {
    const count = this.headingStart.length;
    const sectionEnd = new Int32Array(count).fill(length);
    const childSteps = new Uint8Array(count);
    // Labels count for the heading they stand under, unless it is a step heading itself.
    let topSteps = this.pieceLead.length ? this.pieceLead[0] : 0;
    for (let k = 1; k < this.pieceLead.length; k++) topSteps |= this.pieceFirst[k] === 0 ? this.pieceLead[k] : 0;
    // Headings nest at most six deep: the open ones fit in small fixed stacks.
    const stackIndex = new Int32Array(7);
    const stackDepth = new Uint8Array(7);
    let top = 0;
    for (let i = 0; i < count; i++) {
      const depth = this.headingDepth[i];
      while (top > 0 && stackDepth[top - 1] >= depth) sectionEnd[stackIndex[--top]] = this.headingStart[i];
      if (top > 0) childSteps[stackIndex[top - 1]] |= this.headingBits[i];
      else topSteps |= this.headingBits[i];
      if (!this.headingBits[i]) childSteps[i] |= this.headingLabels[i];
      stackIndex[top] = i;
      stackDepth[top] = depth;
      top++;
    }
    // A piece that starts without a heading (a line the splitter cut at) continues the heading before it.
    for (let k = 1; k < this.pieceLead.length; k++) {
      const h = this.pieceFirst[k] - 1;
      if (h >= 0 && this.pieceLead[k] && !this.headingBits[h]) childSteps[h] |= this.pieceLead[k];
    }
    return { count, start: this.headingStart, sectionEnd, childSteps, topSteps };
  }
}

type Piece = { base: number; syntax: { headings: readonly HeadingSyntax[]; paragraphs: readonly ParagraphSyntax[]; html: readonly { value: string }[] } };

function countHeadings(pieces: readonly Piece[], from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) n += pieces[k].syntax.headings.length;
  return n;
}
