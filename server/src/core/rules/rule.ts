import type { Localized, SeveritySetting, Span, StepKind } from '../types.js';
import { loc } from '../types.js';
import type { RuleId } from '../ruleIds.js';
import type { Call, NoteModel, Offer, Step } from '../model/model.js';
import { STEP_NAMES } from '../model/steps.js';

/** What a rule sees. */
export interface RuleContext {
  model: NoteModel;
  text: string;
  /** Today as YYYY-MM-DD. */
  today: string;
}

/** Extra places a finding points at. */
export interface RelatedReport {
  span: Span;
  message: Localized;
}

/** One problem a rule reports. */
export interface Report {
  span: Span;
  message: Localized;
  related?: RelatedReport[];
  /** Facts editor features need (e.g. which step is missing, for the quick fix). */
  data?: Record<string, unknown>;
}

/** A rule: one file each under `rules/`, registered in `rules/index.ts`. */
export interface Rule {
  id: RuleId;
  defaultSeverity: SeveritySetting;
  /** One line on what the rule reports. */
  summary: Localized;
  check(context: RuleContext, report: (r: Report) => void): void;
}

/** A step's name in both languages, e.g. `Confirm` / `确认`. */
export function stepName(kind: StepKind): Localized {
  return loc(STEP_NAMES[kind].en, STEP_NAMES[kind].zh);
}

/** What each step is for, used in messages. */
export const STEP_PURPOSE: Record<StepKind, Localized> = {
  explore: loc(
    "without exploring the customer's business and personal wins and expectations, any offer is a guess",
    '不了解客户的企业利益、个人利益和期望，提议就只能靠猜',
  ),
  offer: loc(
    'the customer was never proposed a concrete course of action (or an early, reasoned "no") that fits the expectation',
    '没有向客户提出符合期望的具体做法（或尽早、说明理由的“不”）',
  ),
  action: loc(
    'nothing records what was promised and by when, so the promise cannot be kept on time',
    '没有记录承诺了什么、何时完成，承诺就无法按时兑现',
  ),
  confirm: loc(
    'the customer was never asked whether the expectation was met, so a miss cannot be repaired',
    '没有询问客户是否达到了期望，出现差距也无从弥补',
  ),
};

/** How a call is named in messages. */
export function callName(call: Call): Localized {
  return loc(`"${call.title}"`, `“${call.title}”`);
}

/** How an offer is named in messages: its id, or its first words. */
export function offerName(offer: Offer): Localized {
  if (offer.id) return loc(offer.id.id, offer.id.id);
  const words = offer.text.length > 40 ? `${offer.text.slice(0, 37)}…` : offer.text;
  return loc(`"${words}"`, `“${words}”`);
}

/** Builds a {@link Localized} text from parts in each language. */
export function msg(en: string, zh: string): Localized {
  return loc(en, zh);
}

/**
 * Where a finding on a step goes: its heading text, or for a record-sheet
 * step the text of its cell (without the pipes and padding of `step.span`).
 */
export function stepFindingSpan(text: string, call: Call, step: Step): Span {
  if (call.form !== 'sheet') return step.titleSpan;
  let { start, end } = step.span;
  while (start < end && (text[start] === '|' || /\s/.test(text[start]))) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (end > start && text[end - 1] === '|' && text[end - 2] !== '\\') end--;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end > start ? { start, end } : step.span;
}
