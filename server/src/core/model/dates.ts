import * as chronoEn from 'chrono-node/en';
import * as chronoZh from 'chrono-node/zh';
import type { Span } from '../types.js';
import { LIMITS } from '../limits.js';

/**
 * Dates as people write them (FORMAT.md, "Dates as people write them"),
 * read with chrono-node's English and Simplified Chinese parsers. What is
 * ours is only the policy: which dates are due dates, how a date without a
 * year or a day-month order is settled, and what counts as ambiguous.
 */

/** How a numeric date like `11/12` is read: year-month-day, day-month-year, month-day-year; null when nothing says. */
export type DateOrder = 'ymd' | 'dmy' | 'mdy' | null;

/** What a date is read against. */
export interface DateContext {
  /** The call's date (YYYY-MM-DD): relative words count from it, a date without a year takes its year. */
  ref: string | null;
  /** Today (YYYY-MM-DD): with no call date, a date without a year takes the year nearest to today. */
  today: string;
  order: DateOrder;
}

/** A date found in a text. */
export interface FoundDate {
  /** YYYY-MM-DD. */
  date: string;
  /** The date as written (keyword excluded). */
  span: Span;
  /** Written with words relative to the call's date (`Tuesday`, `明天`), not as a date. */
  relative: boolean;
}

/** Where a due date may be written without a keyword before it. */
export type DueKind = 'action' | 'cell' | 'other';

const KEYWORD_BEFORE = /(?:(?<![\p{L}\p{N}])(?:due(?:\s+(?:date|on|by))?|by|before|deadline|until|till|no later than)|📅|截止日期|截止时间|截止|期限|最晚|不晚于)\s*[:：]?\s*(?:on\s+|the\s+)?$/iu;
const BEFORE_AFTER = /^\s*(?:之前|以前|前)/u;
const MONTH_NAME = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b/i;
/** A date written with digits in which day and month could be swapped: `11/12`, `03.04.2026`. */
const NUMERIC_DM = /^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?$/;
/** Anything a date could be made of; texts without it are never given to the parser. */
const DATE_LIKE = /\d|today|tonight|tomorrow|afternoon|morning|evening|week|(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:mon|tue|wed|thu|fri|sat|sun)\b|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|今|明|后天|周|星期|礼拜|月/i;
const ISO = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g;

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo);
}

function daysIn(year: number, month: number): number {
  return [31, (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** `date` plus `days`, as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Noon of a day: chrono reads some words (`明天`) differently in the small hours. */
function noon(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d, 12);
}

interface Parsed {
  index: number;
  text: string;
  year: number;
  month: number;
  day: number;
  yearKnown: boolean;
  relative: boolean;
}

/** Every date chrono finds, English and Chinese, overlaps resolved in favour of the longer reading. */
function parseAll(text: string, ref: string, order: DateOrder): Parsed[] {
  const refDate = noon(ref);
  const english = order === 'dmy' ? chronoEn.GB : chronoEn.casual;
  const found: Parsed[] = [];
  for (const parser of [english, chronoZh.hans]) {
    for (const r of parser.parse(text, refDate, { forwardDate: true })) {
      const s = r.start;
      const dayKnown = s.isCertain('day') && s.isCertain('month');
      const absolute = dayKnown && (/\d/.test(r.text) || MONTH_NAME.test(r.text)) && !/\bin\s+\w+\s+(?:day|week|month)s?\b/i.test(r.text) && !/[今明后]天|今晚|下周|本周|这周/.test(r.text);
      const relative = !absolute && (s.isCertain('weekday') || dayKnown || /afternoon|morning|evening|tonight/i.test(r.text));
      if (!absolute && !relative) continue;
      found.push({ index: r.index, text: r.text, year: s.get('year')!, month: s.get('month')!, day: s.get('day')!, yearKnown: s.isCertain('year') && absolute, relative });
    }
  }
  found.sort((a, b) => a.index - b.index || b.text.length - a.text.length);
  const out: Parsed[] = [];
  for (const p of found) {
    const last = out[out.length - 1];
    if (last && p.index < last.index + last.text.length) continue;
    out.push(p);
  }
  return out;
}

/** A numeric date whose day and month could be swapped (both 12 or less, not equal), with no `dateOrder`. */
function isAmbiguous(p: Parsed, ctx: DateContext): boolean {
  const numeric = NUMERIC_DM.exec(p.text.trim());
  if (!numeric || ctx.order) return false;
  const a = Number(numeric[1]);
  const b = Number(numeric[2]);
  return a <= 12 && b <= 12 && a !== b;
}

/**
 * The date a reading stands for, or null when it is ambiguous (`11/12` with
 * no `dateOrder`) or not a calendar date.
 */
function settle(p: Parsed, ctx: DateContext, due: boolean): string | null {
  if (isAmbiguous(p, ctx)) return null;
  if (p.relative || p.yearKnown) return isIsoDate(iso(p.year, p.month, p.day)) ? iso(p.year, p.month, p.day) : null;
  return withYear(p.month, p.day, ctx, due);
}

/**
 * A month and day without a year: the call's year (a due date that would then
 * fall months before the call is the next year's), or with no call date the
 * year that puts it nearest to today.
 */
function withYear(month: number, day: number, ctx: DateContext, due: boolean): string | null {
  if (ctx.ref) {
    const year = Number(ctx.ref.slice(0, 4));
    const same = iso(year, month, day);
    if (due && daysBetween(same, ctx.ref) > LIMITS.dueYearRolloverDays && isIsoDate(iso(year + 1, month, day))) return iso(year + 1, month, day);
    return isIsoDate(same) ? same : null;
  }
  const y = Number(ctx.today.slice(0, 4));
  let best: string | null = null;
  for (const year of [y - 1, y, y + 1]) {
    const d = iso(year, month, day);
    if (!isIsoDate(d)) continue;
    if (!best || Math.abs(daysBetween(d, ctx.today)) < Math.abs(daysBetween(best, ctx.today))) best = d;
  }
  return best;
}

/** A due date read from a text, with `invalid` set for a written date that is no calendar date (`due 2026-02-30`). */
export interface DueRead extends FoundDate {
  valid: boolean;
  /** A numeric day and month that read two ways (`03/11/2026`) and no `dateOrder` to settle it. */
  ambiguous?: boolean;
}

const dueMemo = new Map<string, DueRead | null>();

/**
 * The due date of an item: a date after a keyword (`due`, `by`, `before`,
 * `deadline`, `until`, `📅`, `截止`, `期限`…) or before `前`, relative words
 * included; failing that, in an action (or an action table's due cell), the
 * last date written without a keyword. Spans are relative to `text`.
 */
export function findDueDate(text: string, kind: DueKind, ctx: DateContext): DueRead | null {
  if (!DATE_LIKE.test(text)) return null;
  const key = `${kind}|${ctx.ref}|${ctx.today}|${ctx.order}|${text}`;
  const hit = dueMemo.get(key);
  if (hit !== undefined) return hit;
  const value = readDue(text, kind, ctx);
  if (dueMemo.size > LIMITS.memoEntries) dueMemo.clear();
  dueMemo.set(key, value);
  return value;
}

function readDue(text: string, kind: DueKind, ctx: DateContext): DueRead | null {
  // The common case, a plain ISO date after a keyword, needs no parser; so does one that is no calendar date.
  for (const m of text.matchAll(ISO)) {
    if (!KEYWORD_BEFORE.test(text.slice(0, m.index))) continue;
    return { date: m[0], span: { start: m.index, end: m.index + 10 }, relative: false, valid: isIsoDate(m[0]) };
  }
  const parsed = parseAll(text, ctx.ref ?? ctx.today, ctx.order);
  let fallback: DueRead | null = null;
  let ambiguous: DueRead | null = null;
  for (const p of parsed) {
    const keyword = KEYWORD_BEFORE.test(text.slice(0, p.index)) || BEFORE_AFTER.test(text.slice(p.index + p.text.length)) || kind === 'cell';
    if (!keyword && (p.relative || kind === 'other')) continue;
    const date = settle(p, ctx, true);
    if (!date) {
      // Guessing the order would put a promise months off; the finding asks for `dateOrder` instead.
      if (!ambiguous && isAmbiguous(p, ctx)) ambiguous = { date: p.text.trim(), span: trimmed(text, p.index, p.index + p.text.length), relative: false, valid: false, ambiguous: true };
      continue;
    }
    const found = { date, span: trimmed(text, p.index, p.index + p.text.length), relative: p.relative, valid: true };
    if (keyword) return found;
    fallback = found;
  }
  if (fallback) return fallback;
  if (ambiguous) return ambiguous;
  // A keyword and a written ISO date that is no calendar date: say so rather than find none.
  for (const m of text.matchAll(ISO)) {
    if (!isIsoDate(m[0]) && (kind !== 'other' || KEYWORD_BEFORE.test(text.slice(0, m.index)))) return { date: m[0], span: { start: m.index, end: m.index + 10 }, relative: false, valid: false };
  }
  return null;
}

function trimmed(text: string, start: number, end: number): Span {
  // The parser's match may take in the comma or bracket before a date (`方案，11月20日`): the range is the date alone.
  while (start < end && /[\s\p{P}]/u.test(text[start])) start++;
  while (end > start && /[\s\p{P}]/u.test(text[end - 1])) end--;
  return { start, end };
}

/** The first absolute date in a text (a heading, a file name), or null. */
export function firstDate(text: string, ctx: DateContext): FoundDate | null {
  if (!DATE_LIKE.test(text)) return null;
  for (const m of text.matchAll(ISO)) if (isIsoDate(m[0])) return { date: m[0], span: { start: m.index, end: m.index + 10 }, relative: false };
  for (const p of parseAll(text, ctx.ref ?? ctx.today, ctx.order)) {
    if (p.relative) continue;
    const date = settle(p, ctx, false);
    if (date) return { date, span: trimmed(text, p.index, p.index + p.text.length), relative: false };
  }
  return null;
}

/** How a date value of the front matter reads: a date, an ambiguous one, or none. */
export type DateValue = { date: string } | { ambiguous: true } | null;

/** A whole value as a date (`2026/06/03`, `3 June 2026`, `2026年6月3日`, `20/11/2026`); relative words are not dates. */
export function readDateValue(value: string, ctx: DateContext): DateValue {
  const v = value.trim();
  const isoTime = /^(\d{4}-\d{2}-\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?)?$/.exec(v);
  if (isoTime) return isIsoDate(isoTime[1]) ? { date: isoTime[1] } : null;
  if (!v || !DATE_LIKE.test(v)) return null;
  const parsed = parseAll(v, ctx.ref ?? ctx.today, ctx.order);
  if (parsed.length !== 1 || parsed[0].relative) return null;
  const p = parsed[0];
  // The date must be the whole value (a weekday or a time around it is fine).
  if (v.replace(p.text, '').replace(/[\s,，.。]|(?:mon|tues|wednes|thurs|fri|satur|sun)day|周[一二三四五六日天]|星期[一二三四五六日天]/gi, '').length > 0) return null;
  const date = settle(p, ctx, false);
  if (date) return { date };
  return NUMERIC_DM.test(p.text.trim()) ? { ambiguous: true } : null;
}
