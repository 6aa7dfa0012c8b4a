import type { Analysis } from '../analysis.js';
import type { Call, Item, NoteModel, Offer } from '../model/model.js';
import { isConfirmed, isDeclined, isOpenAction, isOverdue, isPlannedOnly } from '../model/predicates.js';
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
}

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
  };
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
