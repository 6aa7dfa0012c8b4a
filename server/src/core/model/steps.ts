import { STEP_ORDER, type StepKind } from '../types.js';
import { detach } from '../text/detach.js';
import { LIMITS } from '../limits.js';

/** The built-in names of each step, English first. */
export const STEP_NAMES: Record<StepKind, { en: string; zh: string }> = {
  explore: { en: 'Explore', zh: '探索' },
  offer: { en: 'Offer', zh: '提议' },
  action: { en: 'Action', zh: '行动' },
  confirm: { en: 'Confirm', zh: '确认' },
};

const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}\u{FE0E}\u{200D}\u{20E3}\u{1F1E6}-\u{1F1FF}]/gu;
const BRACKETS = /[()[\]{}<>（）【】「」『』《》〈〉〔〕]/g;
const CJK_NUMERAL = '[一二三四五六七八九十〇零]';
const NUMBERING = new RegExp(
  '^(?:' +
    [
      '(?:step|phase|stage)(?![a-z])\\s*\\d*\\s*[.:：)\\-、]?',
      `第\\s*(?:\\d+|${CJK_NUMERAL}+)\\s*[步章节部]?\\s*[.:：、]?`,
      '\\d+(?:\\.\\d+)*\\s*[.)、:：\\-]?',
      `${CJK_NUMERAL}+\\s*[、.:：)]`,
      '[a-d]\\s*[.)、]',
      '(?:i{1,3}|iv)\\s*[.)、]',
    ].join('|') +
    ')\\s*',
  'iu',
);
const EDGE_PUNCTUATION = /^[\s.。:：!！?？,，;；、\-–—*_~`'"#|]+|[\s.。:：!！?？,，;；、\-–—*_~`'"#|]+$/gu;
const TOKEN_SPLIT = /[\s/|·•,，+&]+/u;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/**
 * Reduces a heading's text to the words that name a step: numbering
 * ("1.", "一、", "Step 2:"), emoji, brackets and edge punctuation removed,
 * lower-cased and NFKC-normalised (full-width forms folded).
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
    const n = normalizeHeading(text);
    if (!n) return null;
    const whole = this.names.get(n);
    if (whole) return whole;
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

  private near(word: string): { kind: StepKind; display: string } | null {
    if (!/^[a-z]{4,}$/.test(word)) return null;
    let best: { kind: StepKind; display: string; d: number } | null = null;
    for (const cand of this.latin) {
      const limit = cand.name.length >= 7 ? 2 : 1;
      if (Math.abs(cand.name.length - word.length) > limit) continue;
      const d = editDistance(word, cand.name);
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
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => {
    const row = new Array<number>(n + 1).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j <= n; j++) d[0][j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}
