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

/** A due date in one of the four notations. */
export interface DueMatch {
  /** The ISO date as written. */
  date: string;
  /** Whether it is a real calendar date. */
  valid: boolean;
  /** The date itself. */
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
  { kind: 'none', pattern: /^(?:none|not yet|no expectations?|没有期望|尚不存在|尚不存在的满意条件|无)$/i },
];
// The kind on its own is a label too: `明显的期望：`, `Latent expectation:`.
const KIND_LABELS: { kind: ExpectationKind; pattern: string }[] = [
  { kind: 'explicit', pattern: String.raw`明显的期望|explicit\s+expectations?` },
  { kind: 'implicit', pattern: String.raw`潜在的期望|(?:implicit|latent)\s+expectations?` },
  { kind: 'none', pattern: String.raw`没有期望|no\s+expectations?` },
];

const LABEL_RE = new RegExp(
  String.raw`^(\s*${OPEN_BOLD}\s*)(?:(${LABEL_NAMES.map((l) => l.pattern).join(')|(')})|(${KIND_LABELS.map((l) => l.pattern).join(')|(')}))` +
    String.raw`\s*(?:[(（]\s*([^)）]*?)\s*[)）])?\s*${OPEN_BOLD}\s*[:：]`,
  'iu',
);

/** Recognises an Explore label at the start of an item's text. */
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

const OFFER_ID_RE = /^(\s*(?:\*\*|__)?\s*)(?:\[(O\d+)\]|(O\d+)(?=\s*(?:\*\*|__)?\s*[:：]))\s*(?:\*\*|__)?\s*[:：]?\s*/u;
const DECLINED_RE = /^(?:(?:no|decline|declined)\s*[:：]|不能|婉拒)/iu;

/** The id and the declined marker at the start of an offer's text. */
export function matchOfferHead(text: string, base: number): { id: IdMatch | null; declined: boolean } {
  const m = OFFER_ID_RE.exec(text);
  let rest = text;
  let id: IdMatch | null = null;
  if (m) {
    const value = m[2] ?? m[3];
    const offset = m[0].indexOf(value, m[1].length);
    id = { id: value, span: { start: base + offset, end: base + offset + value.length } };
    rest = text.slice(m[0].length);
  }
  rest = rest.replace(/^\s*(?:\*\*|__)?\s*/, '');
  return { id, declined: DECLINED_RE.test(rest) };
}

const MENTION_RE = /(?<![A-Za-z0-9_])O\d+(?![A-Za-z0-9_])/g;

/** Every offer id mentioned in a text. */
export function findMentions(text: string, base: number): IdMatch[] {
  const out: IdMatch[] = [];
  // Most items mention nothing: skip the regular expression when no id can be there.
  if (!text.includes('O')) return out;
  for (const m of text.matchAll(MENTION_RE)) {
    out.push({ id: m[0], span: { start: base + m.index, end: base + m.index + m[0].length } });
  }
  return out;
}

const DUE_RE = /(?:(?<![A-Za-z])due\s*:?\s*|📅\s*|截止(?:日期)?\s*[:：]?\s*)(\d{4}-\d{2}-\d{2})(?![\d])/iu;

/** The first due date in a text. */
export function findDue(text: string, base: number): DueMatch | null {
  const m = DUE_RE.exec(text);
  if (!m) return null;
  const date = m[1];
  const start = base + m.index + m[0].length - date.length;
  return { date, valid: isIsoDate(date), span: { start, end: start + date.length } };
}

const OWNER_RE = /(?<![\p{L}\p{N}_.@])@([\p{L}\p{N}_][\p{L}\p{N}_.-]*)/gu;

/** The owners (`@name`) named in a text, without the `@`. */
export function findOwners(text: string): string[] {
  if (!text.includes('@')) return [];
  return [...text.matchAll(OWNER_RE)].map((m) => m[1].replace(/[.-]+$/, ''));
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[mo - 1];
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
