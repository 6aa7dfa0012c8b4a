import type { Span } from '../types.js';

/** The kinds of customer expectation the course names. */
export type ExpectationKind = 'explicit' | 'implicit' | 'none';

/** What an Explore label records. */
export type LabelKind = 'business' | 'personal' | 'expectation';

/** A recognised Explore label, e.g. `Business win:` or `客户期望（潜在的期望）：`. */
export interface LabelMatch {
  kind: LabelKind;
  expectation?: ExpectationKind;
  /** The label itself, up to and including its colon. */
  span: Span;
}

/** An offer id (`O1`) or a mention of one. */
export interface IdMatch {
  id: string;
  span: Span;
}

/** A score found on a line. */
export interface ScoreMatch {
  /** The value as written. */
  raw: string;
  /** The integer or decimal value, or null when the text is not a number. */
  value: number | null;
  /** The value's span. */
  span: Span;
  /** The label's span, e.g. `Score:`. */
  labelSpan: Span;
}

/** Replaces HTML comments with spaces of the same length, so offsets stay valid. */
export function blankComments(text: string): string {
  return text.includes('<!--') ? text.replace(/<!--[\s\S]*?(?:-->|$)/g, (m) => m.replace(/[^\r\n]/g, ' ')) : text;
}

const OPEN_BOLD = String.raw`(?:\*\*|__)?`;
const LABEL_NAMES: { kind: LabelKind; pattern: string }[] = [
  { kind: 'business', pattern: String.raw`business\s+wins?|企业利益|企业的利益|公司利益` },
  { kind: 'personal', pattern: String.raw`personal\s+wins?|个人利益|个人的利益` },
  { kind: 'expectation', pattern: String.raw`(?:customer\s+)?expectations?|客户期望|客户的期望` },
];
const KIND_WORDS: { kind: ExpectationKind; pattern: RegExp }[] = [
  { kind: 'explicit', pattern: /^(?:explicit|stated|明显的期望|明显|已经很明显的满意条件|明显的满意条件)$/i },
  { kind: 'implicit', pattern: /^(?:implicit|latent|hidden|潜在的期望|潜在|隐性|隐性的期望|隐性的满意条件)$/i },
  { kind: 'none', pattern: /^(?:none|not yet|not yet formed|no expectations?|没有期望|尚不存在|尚不存在的满意条件|尚不存在的期望|无)$/i },
];
// The kind on its own is a label too: `明显的期望：`, `Latent expectation:`, `隐性需求：`; and plain `期望：`.
const KIND_LABELS: { kind: ExpectationKind | undefined; pattern: string }[] = [
  { kind: 'explicit', pattern: String.raw`明显的期望|明显期望|(?:explicit|stated)\s+expectations?` },
  { kind: 'implicit', pattern: String.raw`潜在的期望|潜在期望|隐性期望|隐性的期望|潜在需求|隐性需求|(?:implicit|latent|hidden)\s+expectations?` },
  { kind: 'none', pattern: String.raw`没有期望|尚不存在的期望|no\s+expectations?` },
  { kind: undefined, pattern: String.raw`期望` },
];
/** A label's end: a colon, or a dash between spaces (`Business win – lower cost`). */
const LABEL_END = String.raw`(?:\s*[:：]|\s+[-–—]\s)`;

const LABEL_RE = new RegExp(
  String.raw`^(\s*${OPEN_BOLD}\s*)(?:(${LABEL_NAMES.map((l) => l.pattern).join(')|(')})|(${KIND_LABELS.map((l) => l.pattern).join(')|(')}))` +
    String.raw`\s*(?:[(（]\s*([^)）]*?)\s*[)）])?\s*${OPEN_BOLD}${LABEL_END}`,
  'iu',
);
/** Where a sentence starts inside a line: after `.`, `。`, `!`, `?`, `；` and white space. */
const SENTENCE_START = /[.。!！?？;；]\s*/gu;

/** Recognises an Explore label at the start of a text. */
export function matchLabel(text: string, base: number): LabelMatch | null {
  const m = LABEL_RE.exec(text);
  if (!m) return null;
  const start = base + m[1].length;
  const span = { start, end: base + m[0].length };
  const groups = m.slice(2, 2 + LABEL_NAMES.length + KIND_LABELS.length);
  const index = groups.findIndex((g) => g !== undefined);
  if (index < LABEL_NAMES.length) {
    const kind = LABEL_NAMES[index].kind;
    if (kind !== 'expectation') return { kind, span };
    const word = m[2 + LABEL_NAMES.length + KIND_LABELS.length];
    const expectation = word ? KIND_WORDS.find((k) => k.pattern.test(word.trim()))?.kind : undefined;
    return { kind, expectation, span };
  }
  return { kind: 'expectation', expectation: KIND_LABELS[index - LABEL_NAMES.length].kind, span };
}

/** Every Explore label of a text: at its start, and at the start of each sentence in it. */
export function matchLabels(text: string, base: number): LabelMatch[] {
  const first = matchLabel(text, base);
  const out = first ? [first] : [];
  // Most texts hold no label at all: look inside only when a label word is there.
  if (!/win|expectation|利益|期望|需求/i.test(text)) return out;
  for (const m of text.matchAll(SENTENCE_START)) {
    const at = m.index + m[0].length;
    if (at >= text.length) continue;
    const label = matchLabel(text.slice(at), base + at);
    if (label) out.push(label);
  }
  return out;
}

const OFFER_ID_RE = /^(\s*(?:\*\*|__)?\s*)(?:\[(O\d+)\]|(O\d+)(?=\s*(?:\*\*|__)?\s*[:：.)、]))\s*(?:\*\*|__)?\s*[:：.)、]?\s*/u;

/** The id at the start of an offer's text, and the text after it. */
export function matchOfferHead(text: string, base: number): { id: IdMatch | null; rest: string } {
  const m = OFFER_ID_RE.exec(text);
  if (!m) return { id: null, rest: text };
  const value = m[2] ?? m[3];
  const offset = m[0].indexOf(value, m[1].length);
  return { id: { id: value, span: { start: base + offset, end: base + offset + value.length } }, rest: text.slice(m[0].length) };
}

/** The offers an item refers to, as written. */
export interface References {
  /** Ids written in the text, each with its span (unknown ones are reported there). */
  mentions: IdMatch[];
  /** Ids named by ranges but not written (`O2`, `O3` in `O1–O4`). */
  implied: string[];
  /** `all`, `everything`, `全部`: every offer of the call. */
  all: boolean;
  /** References to an offer of an earlier call: `O1@2026-11-10`. */
  external: { id: string; date: string; span: Span }[];
}

const NO_REFERENCES: References = { mentions: [], implied: [], all: false, external: [] };
/** Where ids are no references: URLs, link destinations, inline code. */
const NOT_TEXT = /`+[^`]*`+|\]\([^)]*\)|(?:https?:\/\/|www\.)\S+|<[^>\s]*:[^>\s]*>/gi;
const ID_RE = /(?<![A-Za-z0-9_])O(\d+)(?:@(\d{4}-\d{2}-\d{2}))?(?![A-Za-z0-9_])/g;
const RANGE_BETWEEN = /^\s*(?:–|—|-|~|～|to|至|到)\s*$/u;
/**
 * `all`, `everything`, `全部` name every offer when they open the item (`All: he is happy`) or
 * name offers (`all offers`, `所有提议`); "he read all the docs" names none.
 */
const ALL_RE = /^\s*(?:\*\*|__)?\s*(?:all|everything)(?![\p{L}])|^\s*(?:\*\*|__)?\s*(?:全部|所有)|(?<![\p{L}])(?:all\s+(?:of\s+)?(?:the\s+|our\s+)?offers|every\s+offer)(?![\p{L}])|(?:所有|全部)的?(?:提议|方案)/iu;

/** The offers an item refers to: ids, ranges, lists and `all`, not counting URLs and code. */
export function findReferences(text: string, base: number): References {
  const hasId = text.includes('O');
  const all = ALL_RE.test(text);
  if (!hasId && !all) return NO_REFERENCES;
  const plain = text.replace(NOT_TEXT, (m) => ' '.repeat(m.length));
  const mentions: IdMatch[] = [];
  const implied: string[] = [];
  const external: References['external'] = [];
  let prev: { n: number; end: number } | null = null;
  for (const m of plain.matchAll(ID_RE)) {
    const span = { start: base + m.index, end: base + m.index + m[0].length };
    if (m[2]) {
      external.push({ id: `O${m[1]}`, date: m[2], span });
      prev = null;
      continue;
    }
    const n = Number(m[1]);
    // `O1–O4`: the ids between are named too (a range of at most a few dozen, written upwards).
    if (prev && RANGE_BETWEEN.test(plain.slice(prev.end, m.index)) && n > prev.n && n - prev.n <= 50) {
      for (let k = prev.n + 1; k < n; k++) implied.push(`O${k}`);
    }
    mentions.push({ id: `O${n}`, span: { start: span.start, end: span.start + 1 + m[1].length } });
    prev = { n, end: m.index + m[0].length };
  }
  return { mentions, implied, all: ALL_RE.test(plain), external };
}

/** Every offer id mentioned in a text (ids in URLs and code excluded). */
export function findMentions(text: string, base: number): IdMatch[] {
  return findReferences(text, base).mentions;
}

const OWNER_RE = /(?<![\p{L}\p{N}_.@])@([\p{L}\p{N}_][\p{L}\p{N}_.-]*)/gu;
// The name after the label is a name, not the rest of the line (`Owner: Paul book the pilot`,
// `负责人：王磊 11月20日前`): a word and capitalised ones after it, or two to four Chinese characters.
const OWNER_LABEL_RE = /(?<![\p{L}])(?:[Oo]wner|OWNER|[Ww]ho|负责人|责任人)\s*[:：]\s*(@?[\u3400-\u9fff]{2,4}?(?=负责|跟进|截止|完成|在|于|将|会|前|$|[^\u3400-\u9fff])|@?[\u3400-\u9fff]{2,3}|@?[\p{L}][\p{L}\p{N}.'’-]*(?:[ \t]+\p{Lu}[\p{L}.'’-]*){0,2})/gu;

/** The owners named in a text: `@name`, `Owner: name`, `负责人：name`. */
export function findOwners(text: string): string[] {
  const out: string[] = [];
  if (text.includes('@')) for (const m of text.matchAll(OWNER_RE)) out.push(m[1].replace(/[.-]+$/, ''));
  if (/owner|who|负责人|责任人/i.test(text)) for (const m of text.matchAll(OWNER_LABEL_RE)) out.push(m[1].replace(/^@/, '').replace(/[.'’-]+$/, ''));
  return out;
}

const SCORE_LINE_RE =
  /^([ \t]*(?:>[ \t]*)*(?:[-*+][ \t]+(?:\[[ xX]\][ \t]+)?)?(?:\*\*|__)?[ \t]*)(score|mot(?:\s*score)?|评分|得分|关键时刻评分)[ \t]*(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?[ \t]*/iu;
const NUMBER_RE = /^[+\-−－＋]?[ \t]?\d+(?:\.\d+)?(?![\d.])/u;

/**
 * A score written on one line: `Score: +2`, `MOT: -1`, `评分：+2`,
 * `得分：−2`. `line` starts at `base`. A `MOT:` line counts only with a number.
 */
export function matchScoreLine(line: string, base: number): ScoreMatch | null {
  const m = SCORE_LINE_RE.exec(line);
  if (!m) return null;
  const rest = line.slice(m[0].length);
  const labelSpan = { start: base + m[1].length, end: base + m[0].length };
  const valueStart = base + m[0].length;
  const num = NUMBER_RE.exec(rest);
  if (num) {
    return { raw: num[0], value: parseScore(num[0]), span: { start: valueStart, end: valueStart + num[0].length }, labelSpan };
  }
  if (/^mot/i.test(m[2])) return null;
  const word = /^[^\s*_]+/.exec(rest);
  if (!word) return null;
  return { raw: word[0], value: null, span: { start: valueStart, end: valueStart + word[0].length }, labelSpan };
}

/** Parses a score value (any of + - − － ＋); null when it is not a number. */
export function parseScore(raw: string): number | null {
  const s = raw.trim().replace(/[−－]/gu, '-').replace(/＋/gu, '+').replace(/\s+/g, '');
  if (!/^[+-]?\d+(?:\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/** True for a score on the MOT scale: an integer from −3 to +3. */
export function isScoreInRange(value: number | null): value is number {
  return value !== null && Number.isInteger(value) && value >= -3 && value <= 3;
}
