import type { Localized, SeveritySetting, Span, StepKind } from '../types.js';
import { loc } from '../types.js';
import type { Call, CallNoteReason, FrontMatter, NoteModel, Offer, Step } from '../model/model.js';
import type { TextEdit } from '../features/edits.js';
import type { RegionModel } from '../model/build.js';
import { STEP_NAMES } from '../model/steps.js';

/** What a rule about calls sees: one region of the note (all of it for a small note). */
export interface RuleContext {
  model: RegionModel;
  /** The note's text; the model's offsets are offsets into it. */
  text: string;
  /** Today as YYYY-MM-DD. */
  today: string;
}

/** What a rule about the note as a whole sees. */
export interface NoteRuleContext {
  frontMatter: FrontMatter | null;
  /** Why the file is a call note. */
  reason: CallNoteReason;
  /** Calls found in the whole note. */
  calls: number;
  text: string;
}

/** Extra places a finding points at. */
export interface RelatedReport {
  span: Span;
  message: Localized;
}

/** One problem a rule reports. */
export interface Report<Data = Record<string, unknown>> {
  span: Span;
  message: Localized;
  related?: RelatedReport[];
  /**
   * Facts the rule's fixes need (which step is missing, which offer): plain
   * values, never offsets, since a finding moves with the text around it.
   */
  data?: Data;
}

/** What a rule's fixes see: the finding, and the model around it. */
export interface FixContext<Data = Record<string, unknown>> {
  /** The finding's span and data. */
  finding: { span: Span; data: Data };
  text: string;
  /** A model holding at least the calls around the finding. */
  model: NoteModel;
  today: string;
}

/** A fix a rule offers for one of its findings. */
export interface Fix {
  title: Localized;
  edits: TextEdit[];
  /** The fix to apply when the user just asks for "the" fix. */
  isPreferred?: boolean;
  /**
   * Safe to apply without looking: "Fix all" and `mot lint --fix` apply it.
   * Never true for a fix that records something the customer said.
   */
  safe?: boolean;
}

/** What every rule declares. */
interface RuleBase<Id extends string> {
  /** The rule's id, also the name of its file and of its documentation page. */
  id: Id;
  defaultSeverity: SeveritySetting;
  /** One line on what the rule reports (the README's and the rule index's "Reports" column). */
  summary: Localized;
}

/** A rule about calls: run on each region of a note, its findings reused while the region is unchanged. */
export interface CallRule<Id extends string = string, Data = any> extends RuleBase<Id> {
  scope: 'calls';
  check(context: RuleContext, report: (r: Report<Data>) => void): void;
  /** The fixes of a finding (none when the text around it has changed too much to fix). */
  fixes?(context: FixContext<Data>): Fix[];
}

/** A rule about the note as a whole (its front matter, whether any call was found). */
export interface NoteRule<Id extends string = string> extends RuleBase<Id> {
  scope: 'note';
  check(context: NoteRuleContext, report: (r: Report) => void): void;
}

/** A rule: one file each under `rules/`, named by its id; `npm run generate` registers it. */
export type Rule<Id extends string = string> = CallRule<Id> | NoteRule<Id>;

/** Declares a rule, keeping its id's literal type (the registry derives the rule ids from it) and its data's type. */
export function defineRule<const Id extends string, Data = any>(rule: CallRule<Id, Data> | NoteRule<Id>): Rule<Id> {
  return rule as Rule<Id>;
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
