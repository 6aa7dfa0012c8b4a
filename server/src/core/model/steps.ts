import { STEP_ORDER, type StepKind } from '../types.js';
import { detach } from '../text/detach.js';
import { LIMITS } from '../limits.js';
import { ENGLISH_NEAR_STEPS } from './englishWords.js';

/** The built-in names of each step, English first. */
export const STEP_NAMES: Record<StepKind, { en: string; zh: string }> = {
  explore: { en: 'Explore', zh: '探索' },
  offer: { en: 'Offer', zh: '提议' },
  action: { en: 'Action', zh: '行动' },
  confirm: { en: 'Confirm', zh: '确认' },
};

/**
 * Names every note may use for a step besides `Explore`/`探索` and the like
 * (FORMAT.md, "Step names, generously"); `stepAliases` adds more.
 */
export const BUILT_IN_ALIASES: Record<StepKind, readonly string[]> = {
  explore: ['Discovery', '探询'],
  offer: ['Offers', 'Proposal', '提案'],
  action: ['Actions', 'Action items', 'Next steps', 'Next step', 'To do', 'To-do', '下一步', '后续行动', '行动计划', '待办'],
  confirm: ['Confirmation', 'Check-back', '回访'],
};

const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}\u{FE0E}\u{200D}\u{20E3}\u{1F1E6}-\u{1F1FF}]/gu;
const BRACKETS = /[()[\]{}<>（）【】「」『』《》〈〉〔〕]/g;
const CJK_NUMERAL = '[一二三四五六七八九十〇零两]';
const NUMBERING = new RegExp(
  '^(?:' +
    [
      '(?:step|phase|stage)(?![a-z])\\s*\\d*\\s*[.:：)\\-–—、]?',
      `第\\s*(?:\\d+|${CJK_NUMERAL}+)\\s*[步章节部]?\\s*[.:：、]?`,
      `步骤\\s*(?:\\d+|${CJK_NUMERAL}+)\\s*[.:：、]?`,
      '\\d+(?:\\.\\d+)*\\s*[.)、:：\\-–—]?',
      `${CJK_NUMERAL}+\\s*[、.:：)]`,
      '[a-d]\\s*[.)、]',
      '(?:i{1,3}|iv)\\s*[.)、]',
    ].join('|') +
    ')\\s*',
  'iu',
);
/** A generic word after a step name: `探索阶段`, `Offer step`, `Action phase`. */
const GENERIC_SUFFIX = /\s*(?:阶段|步骤|环节|(?<![a-z])(?:step|phase|stage))$/u;
/** A remark in brackets at the end: `Explore (discovery)`, `提议（Offer）`, `Action(行动)`. */
const TRAILING_REMARK = /\s*[(（][^()（）]*[)）]\s*$/u;
/** Inline code: an API name, never a step (`` ### `Action` ``). */
const CODE_SPAN = /(`+)[^`]*?\1/g;
const EDGE_PUNCTUATION = /^[\s.。:：!！?？,，;；、\-–—*_~'"#|]+|[\s.。:：!！?？,，;；、\-–—*_~'"#|]+$/gu;
const TOKEN_SPLIT = /[\s/|·•,，+&\-–—]+/u;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/**
 * Reduces a heading's text to the words that name a step: numbering
 * ("1.", "1)", "Step 2 –", "第一步", "步骤一", "一、"), emoji, brackets and
 * edge punctuation removed, lower-cased and NFKC-normalised (full-width forms
 * folded).
 */
export function normalizeHeading(text: string): string {
  let s = text.normalize('NFKC').replace(EMOJI, ' ').replace(BRACKETS, ' ').replace(EDGE_PUNCTUATION, '').trim();
  for (let i = 0; i < 3; i++) {
    const next = s.replace(NUMBERING, '').replace(EDGE_PUNCTUATION, '').trim();
    if (next === s) break;
    s = next;
  }
  return s.replace(/\s+/g, ' ').toLowerCase();
}

/** Splits normalised text into words, separating CJK runs from Latin ones. */
function tokens(normalized: string): string[] {
  const out: string[] = [];
  for (const part of normalized.split(TOKEN_SPLIT)) {
    if (!part) continue;
    let run = '';
    let runIsCjk = false;
    for (const ch of part) {
      const isCjk = CJK.test(ch);
      if (run && isCjk !== runIsCjk) {
        out.push(run);
        run = '';
      }
      run += ch;
      runIsCjk = isCjk;
    }
    if (run) out.push(run);
  }
  return out;
}

/** A heading that is almost a step name. */
export interface StepTypo {
  kind: StepKind;
  /** The misspelt words (lower case) and the step name to use instead. */
  words: { word: string; replacement: string }[];
}

/**
 * Recognises step names (built in and configured aliases) in heading and
 * table-cell texts, and near misses of them.
 */
export class StepMatcher {
  private readonly names = new Map<string, StepKind>();
  /** Latin names that typos are measured against. */
  private readonly latin: { name: string; display: string; kind: StepKind }[] = [];

  constructor(aliases: Partial<Record<string, readonly string[]>> = {}) {
    for (const kind of STEP_ORDER) {
      this.add(STEP_NAMES[kind].en, kind);
      this.add(STEP_NAMES[kind].zh, kind);
      for (const alias of BUILT_IN_ALIASES[kind]) this.add(alias, kind);
    }
    for (const [key, list] of Object.entries(aliases)) {
      const kind = stepKindOf(key);
      if (!kind || !list) continue;
      for (const alias of list) this.add(alias, kind);
    }
  }

  private add(name: string, kind: StepKind): void {
    const n = normalizeHeading(name);
    if (!n) return;
    this.names.set(n, kind);
    if (/^[a-z]+$/.test(n) && n.length >= 4) this.latin.push({ name: n, display: name.trim(), kind });
  }

  private readonly memo = new Map<string, StepKind | null>();

  private readonly matchUncachedFn = (text: string) => this.matchUncached(text);

  /** The step a heading or cell text names, or null. */
  match(text: string): StepKind | null {
    return remembered(this.memo, text, this.matchUncachedFn);
  }

  private matchUncached(text: string): StepKind | null {
    // An API name in inline code is not a step; what is outside the code may still be one.
    const visible = text.includes('`') ? text.replace(CODE_SPAN, ' ') : text;
    const kind = this.matchNormalized(normalizeHeading(visible));
    if (kind || !TRAILING_REMARK.test(visible)) return kind;
    // `Explore (what we learned)`: a remark after a step name.
    return this.matchNormalized(normalizeHeading(visible.replace(TRAILING_REMARK, '')));
  }

  private matchNormalized(n: string): StepKind | null {
    if (!n) return null;
    const whole = this.names.get(n);
    if (whole) return whole;
    // `探索阶段`, `Offer step`: a generic word after the name (but `Next step` is a name of its own, found above).
    const bare = n.replace(GENERIC_SUFFIX, '').replace(EDGE_PUNCTUATION, '');
    if (bare !== n) return this.matchNormalized(bare);
    const words = tokens(n);
    if (words.length < 2) return null;
    let kind: StepKind | null = null;
    for (const w of words) {
      const k = this.names.get(w);
      if (!k || (kind && k !== kind)) return null;
      kind = k;
    }
    return kind;
  }

  private readonly typoMemo = new Map<string, StepTypo | null>();

  private readonly findTypoFn = (text: string) => this.findTypo(text);

  /** When `text` is not a step name but one or two edits away from one, what it should be (shared: do not mutate). */
  typo(text: string): StepTypo | null {
    return remembered(this.typoMemo, text, this.findTypoFn);
  }

  private findTypo(text: string): StepTypo | null {
    const n = normalizeHeading(text);
    if (!n || this.match(text)) return null;
    let kind: StepKind | null = null;
    const words: StepTypo['words'] = [];
    for (const w of tokens(n)) {
      const exact = this.names.get(w);
      if (exact) {
        if (kind && exact !== kind) return null;
        kind = exact;
        continue;
      }
      const near = this.near(w);
      if (!near || (kind && near.kind !== kind)) return null;
      kind = near.kind;
      words.push({ word: w, replacement: near.display });
    }
    return kind && words.length ? { kind, words } : null;
  }

  /**
   * The step name a word is a misspelling of: one edit (a swap counts as one)
   * in words of five letters or more, two in words of seven or more, and
   * never a real English word (`Config`, `Conform`, `Explorer`, `Auction`).
   */
  private near(word: string): { kind: StepKind; display: string } | null {
    if (!/^[a-z]{5,}$/.test(word) || ENGLISH_NEAR_STEPS.has(word)) return null;
    const limit = word.length >= 7 ? 2 : 1;
    let best: { kind: StepKind; display: string; d: number } | null = null;
    for (const cand of this.latin) {
      if (Math.abs(cand.name.length - word.length) > limit) continue;
      const d = boundedDistance(word, cand.name, limit);
      if (d > 0 && d <= limit && (!best || d < best.d)) best = { kind: cand.kind, display: cand.display, d };
    }
    return best;
  }
}

/** `compute(text)`, remembered: heading texts repeat across a notes file and across keystrokes. */
function remembered<T>(memo: Map<string, T>, text: string, compute: (text: string) => T): T {
  let value = memo.get(text);
  if (value === undefined) {
    if (memo.size > LIMITS.memoEntries) memo.clear();
    value = compute(text);
    // A copy as the key: the text may be a view of a whole note, which the memo would keep alive.
    memo.set(detach(text), value);
  }
  return value;
}

/** Maps a configured step key (`Offer`, `offer`, `提议`) to its kind. */
export function stepKindOf(key: string): StepKind | null {
  const k = key.trim().toLowerCase();
  for (const kind of STEP_ORDER) {
    if (k === kind || k === STEP_NAMES[kind].zh) return kind;
  }
  return null;
}

/** Optimal string alignment distance: a swap of two neighbours counts as one edit. */
export function editDistance(a: string, b: string): number {
  return boundedDistance(a, b, Math.max(a.length, b.length));
}

const rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * {@link editDistance}, or `limit + 1` as soon as it is known to exceed
 * `limit` (the step-typo check asks about hundreds of thousands of words).
 */
export function boundedDistance(a: string, b: string, limit: number): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > limit) return limit + 1;
  if (n + 1 > rows[0].length) for (let k = 0; k < 3; k++) rows[k] = new Int32Array(n + 1);
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}
