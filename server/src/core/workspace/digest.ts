import type { Analysis } from '../analysis.js';
import type { Call, Item, NoteModel, Offer, Suppression } from '../model/model.js';
import { isConfirmed, isDeclined, isDoneConfirmation, isOpenAction, isOverdue, isPlannedOnly } from '../model/predicates.js';
import type { LineIndex } from '../text/lineIndex.js';
import type { StepKind } from '../types.js';

/**
 * What the views across many notes (follow-ups, reports, the workspace index)
 * need of one note: plain data with 1-based positions, a few hundred bytes per
 * call, so that an index of a whole repository grows with the number of
 * notes and not with their text. Built once per analysis by {@link digestNote}.
 */
export interface NoteDigest {
  isCallNote: boolean;
  /** The front matter's `customer`, trimmed; null when absent or not text. */
  customer: string | null;
  /** The note's date (front matter, file name or first heading), when one is known. */
  date: string | null;
  language: 'en' | 'zh';
  calls: CallDigest[];
  /** Open tasks outside calls and action-table rows that are no call's actions. */
  commitments: ActionDigest[];
  /** Offers of other calls named as `O1@2026-11-10`, by confirmations and actions of this note, in document order. */
  refs: ExternalRefDigest[];
  /** The suppression comments, so that findings added across notes respect them. */
  suppressions: SuppressionDigest[];
}

/** A reference to an offer of another call: `O1@2026-11-10` in a confirmation or an action. */
export interface ExternalRefDigest extends Place {
  id: string;
  /** The referenced call's date, as written (YYYY-MM-DD). */
  date: string;
  /** Where the reference ends (for a finding's range). */
  end: Place;
  /** A confirmation (the Confirm step) or an action (the Action step, an open task or action-table row outside calls). */
  kind: 'confirm' | 'action';
  /** A confirmation given (not only planned), or an action done. */
  done: boolean;
  /** The index of the call it is written in, null outside calls. */
  call: number | null;
}

/** A suppression comment as the findings filter needs it (0-based line, as {@link Suppression}). */
export type SuppressionDigest = Pick<Suppression, 'kind' | 'rules' | 'line'>;

/** Where an item is: 1-based line and column (UTF-16 code units, as LSP and the CLI count), and its offset. */
export interface Place {
  line: number;
  column: number;
  offset: number;
}

/** One call of a note. */
export interface CallDigest extends Place {
  title: string;
  date: string | null;
  /** The first score that is a number, and how it was written (null: no score). */
  score: number | null;
  scoreRaw: string | null;
  /** The steps the call has, each once, in the order of the method. */
  steps: StepKind[];
  /** A confirmation was given in the call (a Confirm step that only says it was not checked, or is still to ask, has none). */
  confirmed: boolean;
  offers: OfferDigest[];
  actions: ActionDigest[];
  /** A negative score and no open action to repair it (the `negative-without-recovery` case). */
  negativeWithoutRepair: boolean;
  language: 'en' | 'zh';
}

/** An offer and where it stands. */
export interface OfferDigest extends Place {
  id: string | null;
  text: string;
  /** Covered by a done confirmation, by planned ones only, or by none. */
  status: 'confirmed' | 'planned' | 'unconfirmed';
  declined: boolean;
}

/** An action, done or open. */
export interface ActionDigest extends Place {
  text: string;
  open: boolean;
  /** ISO date, only when it is a calendar date. */
  due: string | null;
  /** Open and due before the `today` of the analysis. */
  overdue: boolean;
  /** The first owner named (`@paul`, `负责人：王磊`), null when none. */
  owner: string | null;
  /** Offer ids it names in its own call. */
  offers: string[];
}

const ORDER: readonly StepKind[] = ['explore', 'offer', 'action', 'confirm'];

/** The digest of an analysed note; `today` decides which open actions are overdue. */
export function digestNote(analysis: Analysis, today: string): NoteDigest {
  const model = analysis.model;
  const place = placer(analysis.lines);
  return {
    isCallNote: analysis.isCallNote,
    customer: customerOf(model),
    date: model.calls.find((c) => c.date)?.date ?? model.frontMatter?.date ?? null,
    language: model.language,
    calls: model.calls.map((call) => digestCall(call, place, today)),
    commitments: model.commitments.map((item) => digestAction(item, place, today)),
    refs: externalRefs(model, place),
    suppressions: model.suppressions.map((s) => ({ kind: s.kind, rules: s.rules, line: s.line })),
  };
}

function externalRefs(model: NoteModel, place: (offset: number) => Place): ExternalRefDigest[] {
  const out: ExternalRefDigest[] = [];
  const add = (item: Item, kind: ExternalRefDigest['kind'], call: number | null) => {
    for (const ref of item.refs.external) {
      out.push({ ...place(ref.span.start), id: ref.id, date: ref.date, end: place(ref.span.end), kind, done: !item.open, call });
    }
  };
  model.calls.forEach((call, index) => {
    for (const item of call.actions) add(item, 'action', index);
    for (const item of call.confirmations) add(item, 'confirm', index);
  });
  for (const item of model.commitments) add(item, 'action', null);
  return out.sort((a, b) => a.offset - b.offset);
}

/** The front matter's `customer` as text (numbers too: `customer: 3M`). */
export function customerOf(model: Pick<NoteModel, 'frontMatter'>): string | null {
  const value = model.frontMatter?.data?.customer;
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  return null;
}

function digestCall(call: Call, place: (offset: number) => Place, today: string): CallDigest {
  const score = call.scores.find((s) => s.value !== null);
  const has = new Set(call.steps.map((s) => s.kind));
  const negative = call.scores.some((s) => s.value !== null && Number.isInteger(s.value) && s.value < 0 && s.value >= -3);
  return {
    ...place(call.titleSpan.start),
    title: call.title,
    date: call.date,
    score: score?.value ?? null,
    scoreRaw: score?.raw ?? null,
    steps: ORDER.filter((k) => has.has(k)),
    confirmed: call.confirmations.some(isDoneConfirmation),
    offers: call.offers.map((offer) => digestOffer(offer, place)),
    actions: call.actions.map((item) => digestAction(item, place, today)),
    negativeWithoutRepair: negative && !call.actions.some(isOpenAction),
    language: call.language,
  };
}

function digestOffer(offer: Offer, place: (offset: number) => Place): OfferDigest {
  return {
    ...place(offer.span.start),
    id: offer.id?.id ?? null,
    text: offer.text,
    status: isConfirmed(offer) ? 'confirmed' : isPlannedOnly(offer) ? 'planned' : 'unconfirmed',
    declined: isDeclined(offer),
  };
}

function digestAction(item: Item, place: (offset: number) => Place, today: string): ActionDigest {
  return {
    ...place(item.span.start),
    text: item.text,
    open: isOpenAction(item),
    due: item.due?.valid ? item.due.date : null,
    overdue: isOverdue(item, today),
    owner: item.owners[0] ?? null,
    offers: [...new Set([...item.mentions.map((m) => m.id), ...item.refs.implied])],
  };
}

function placer(lines: LineIndex): (offset: number) => Place {
  return (offset) => {
    const p = lines.positionAt(offset);
    return { line: p.line + 1, column: p.character + 1, offset };
  };
}
