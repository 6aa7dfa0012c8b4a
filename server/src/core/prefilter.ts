import type { StepMatcher } from './model/steps.js';
import { isCallMask, stepBit } from './model/outline.js';

/**
 * A line scan that tells whether a Markdown text may hold a call, so that a
 * linter can skip parsing the many files in which none can exist (READMEs,
 * change logs, documentation). It is a necessary condition only: "may hold"
 * costs a parse, "cannot" loses every finding of the file, so every doubt
 * answers "may hold".
 *
 * KEEP IN STEP WITH WHAT MAKES A CALL (FORMAT.md "Calls" and "Reading notes
 * as people write them"; `model/build.ts`, `isCallMask` in
 * `model/outline.ts`). Today a call needs, in a file that is not a call note
 * by front matter or path, at least two distinct steps, named by step
 * headings (ATX or setext), step labels (`**Explore:** …`, `Offer: …`) or
 * the first column or header row of a record sheet; names are recognised by
 * {@link StepMatcher.match}, so configured and built-in aliases follow it.
 * This scan therefore answers "may hold" when:
 * - the front matter mentions `mot` at all (`mot: true` declares a call note);
 * - candidate texts name at least two distinct steps. Candidates are the text
 *   of every heading-like line (`#` after any quote or list markers, or a
 *   line over a setext underline), every cell of every line with a `|`, and
 *   the text before the first colon of every line; each is tried whole,
 *   stripped of inline markup, cut at separators (brackets, slashes, bars,
 *   spaced dashes), word by word, and for Chinese, every run of two to four
 *   characters — so numbering, remarks in brackets, generic suffixes (`阶段`)
 *   and a translation beside the name never hide it.
 * A new way of writing a step (another block kind, a step named inside a
 * longer text) must be added here too; test/prefilter.test.ts runs every
 * call note under test/fixtures through this scan.
 *
 * The caller checks the path (`files` globs) itself: a file that is a call
 * note by path must be parsed whatever this says.
 */
export function mayHoldCall(text: string, matcher: StepMatcher): boolean {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  if (text.startsWith('---', pos)) {
    // Front matter: any mention of `mot` may declare the file a call note.
    const close = /^---[ \t]*\r?$/m;
    const firstBreak = text.indexOf('\n', pos);
    if (firstBreak >= 0 && /^---[ \t]*\r?$/.test(text.slice(pos, firstBreak))) {
      const rest = text.slice(firstBreak + 1);
      const end = close.exec(rest);
      const block = end ? rest.slice(0, end.index) : rest;
      if (/\bmot\b/i.test(block)) return true;
    }
  }
  const scan = new Scan(matcher);
  let previous: string[] = [];
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    let line = text.slice(pos, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    pos = end + 1;
    // Old Mac line ends: split again so that no line hides behind a lone CR.
    const parts = line.includes('\r') ? line.split('\r') : [line];
    for (const part of parts) {
      if (scan.line(part, previous)) return true;
      if (/\S/.test(part)) {
        previous.push(part);
        if (previous.length > 5) previous = previous.slice(-5);
      } else previous = [];
    }
  }
  return false;
}

/** Containers and markers before a line's own text: quote markers, list markers, task boxes. */
const CONTAINERS = /^(?:\s*(?:>|[-*+](?=\s)|\d{1,9}[.)](?=\s|$)|\[[ xX]\](?=\s)))+\s*/;
const SETEXT = /^ {0,3}(?:=+|-+)[ \t]*$/;
const COLON = /[:：]/;
/** Words: letters, digits and inner hyphens (`To-do`, `Check-back`). */
const WORDS = /[^\p{L}\p{N}-]+/u;
const LETTERS = /[^\p{L}\p{N}]+/u;
const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]{2,}/gu;
/** Where a text may be cut into names: brackets, slashes, bars, colons, commas and spaced dashes. */
const SEPARATORS = /[/|·•()[\]{}（）【】「」『』《》〈〉〔〕:：;；,，、]+|\s[-–—]+\s/u;
/** Longer candidates are no step name, whatever is around it. */
const MAX_CANDIDATE = 200;
/**
 * Candidates of more words than these are tried whole only: a step heading
 * with numbering, a remark and its translation (`Step 1 – Explore (discovery)
 * 探索`) is a few words, a label or a sheet's step cell is the name itself
 * (perhaps numbered or bilingual), and the long texts of documentation are
 * most of the scan's cost.
 */
const HEADING_WORDS = 10;
const CELL_WORDS = 6;
const LABEL_WORDS = 6;

/**
 * Step bits of the candidate texts seen, per matcher: documentation repeats
 * the same words and cells, and the matcher's own memo is for the analysis
 * (a flood of one-off texts would make it forget the headings it needs).
 */
const knownByMatcher = new WeakMap<StepMatcher, { texts: Map<string, number>; candidates: Map<string, number> }>();
/** Entries each memo keeps before it starts over. */
const MEMO_ENTRIES = 100_000;

/** The state of one scan: the step kinds found so far. */
class Scan {
  private mask = 0;
  private readonly known: Map<string, number>;
  private readonly candidates: Map<string, number>;

  constructor(private readonly matcher: StepMatcher) {
    let memo = knownByMatcher.get(matcher);
    if (!memo) knownByMatcher.set(matcher, (memo = { texts: new Map(), candidates: new Map() }));
    this.known = memo.texts;
    this.candidates = memo.candidates;
  }

  /** Looks at one line (and, for a setext underline, the lines above it); true once two distinct steps were seen. */
  line(raw: string, previous: readonly string[]): boolean {
    if (SETEXT.test(raw)) {
      for (const p of previous) if (this.candidate(p.replace(CONTAINERS, ''), HEADING_WORDS)) return true;
      return false;
    }
    // Up to three spaces may indent a heading (and a list's continuation more): the scan takes any.
    const own = raw.replace(CONTAINERS, '').trimStart();
    if (!own) return false;
    if (own.charCodeAt(0) === 35 /* # */) {
      if (this.candidate(own.replace(/^#+/, '').replace(/(?:^|\s)#+\s*$/, ''), HEADING_WORDS)) return true;
    }
    if (own.includes('|')) {
      for (const cell of own.split('|')) {
        const c = cell.trim();
        if (c && this.candidate(c, CELL_WORDS)) return true;
      }
    }
    const colon = COLON.exec(own);
    if (colon && colon.index > 0 && colon.index <= 60) {
      if (this.candidate(own.slice(0, colon.index), LABEL_WORDS)) return true;
    }
    return false;
  }

  /** Adds the steps one candidate text names (see {@link candidateBits}); true once two distinct steps were seen. */
  private candidate(raw: string, maxWords: number): boolean {
    // Documentation repeats its cells, labels and headings: each distinct candidate is taken apart once.
    const key = `${maxWords}\0${raw}`;
    let bits = this.candidates.get(key);
    if (bits === undefined) {
      if (this.candidates.size > MEMO_ENTRIES) this.candidates.clear();
      bits = this.candidateBits(raw, maxWords);
      this.candidates.set(key, bits);
    }
    this.mask |= bits;
    return isCallMask(this.mask, false);
  }

  /** The step bits of one candidate text, tried whole and, when it has at most `maxWords` words, by its runs of words and Chinese characters. */
  private candidateBits(raw: string, maxWords: number): number {
    const text = raw.trim();
    if (!text || text.length > MAX_CANDIDATE) return 0;
    let bits = this.bit(text);
    const plain = stripInline(text);
    if (plain !== text) bits |= this.bit(plain);
    const words = plain.split(WORDS).filter(Boolean);
    // A step name with numbering, a remark and its translation is a few words; a longer text names no step.
    if (words.length > maxWords) return bits;
    // The name stands between separators (`Explore / 探索`, `Step 1 – Next steps (to-do)`) or is one word of the text.
    const segments = plain.split(SEPARATORS);
    if (segments.length > 1) for (const seg of segments) if (seg.trim()) bits |= this.bit(seg.trim());
    for (const w of words) bits |= this.bit(w);
    if (plain.includes('-')) for (const w of plain.split(LETTERS)) if (w) bits |= this.bit(w);
    for (const m of plain.matchAll(CJK_RUN)) {
      const s = m[0];
      for (let len = 2; len <= 4; len++) {
        for (let i = 0; i + len <= s.length; i++) bits |= this.bit(s.slice(i, i + len));
      }
    }
    return bits;
  }

  /** The step bit of one text, as the matcher reads it. */
  private bit(text: string): number {
    let bit = this.known.get(text);
    if (bit === undefined) {
      if (this.known.size > MEMO_ENTRIES) this.known.clear();
      bit = stepBit(this.matcher.match(text));
      this.known.set(text, bit);
    }
    return bit;
  }
}

/** Inline Markdown and HTML reduced to their text: links, images, tags, entities, escapes and emphasis markers. */
function stripInline(s: string): string {
  return s
    .replace(/<!--.*?-->/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#?\w+;/g, ' ')
    .replace(/\\(.)/g, '$1')
    .replace(/[*_`~]+/g, ' ')
    .trim();
}
