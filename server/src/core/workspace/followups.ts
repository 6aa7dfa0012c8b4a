import type { ActionDigest, CallDigest, NoteDigest, OfferDigest } from './digest.js';

/**
 * One open commitment, as `mot followups --format json` prints it and the
 * `mot/followUps` request returns it (FORMAT.md "Follow-ups": exactly these fields).
 */
export interface FollowUp {
  /** The note's path as the caller names it (the CLI: as given, relative; the server: the URI). */
  file: string;
  /** 1-based; columns in UTF-16 code units. */
  line: number;
  column: number;
  kind: 'action' | 'offer';
  status: 'overdue' | 'open' | 'unconfirmed' | 'planned';
  text: string;
  id: string | null;
  due: string | null;
  owner: string | null;
  customer: string | null;
  call: string | null;
  callDate: string | null;
}

/** What to keep of the list. Names compare without case and without a leading `@`. */
export interface FollowUpFilter {
  owner?: string;
  customer?: string;
  /** Only actions due before this ISO date (undated actions and offers are left out). */
  dueBefore?: string;
}

/** A note of the list: its name for {@link FollowUp.file} and its digest. */
export interface DigestedNote {
  file: string;
  digest: NoteDigest;
  /**
   * Offers of this note that a later note confirms (`O1@2026-11-10`), as
   * `callIndex:offerId` keys; they are no follow-ups any more.
   */
  coveredElsewhere?: ReadonlySet<string>;
  /** Offers of this note that a later note only plans to confirm (`- [ ] O1@2026-11-10 …`): `planned` follow-ups. */
  plannedElsewhere?: ReadonlySet<string>;
}

/**
 * Every open commitment of the notes, most urgent first: overdue actions by
 * due date, then open actions by due date, then undated ones, then offers
 * not (or only planned to be) confirmed by call date; ties by file and line.
 */
export function followUps(notes: readonly DigestedNote[], filter: FollowUpFilter = {}): FollowUp[] {
  const out: FollowUp[] = [];
  for (const note of notes) {
    const { digest } = note;
    if (!digest.isCallNote) continue;
    const customer = digest.customer;
    digest.calls.forEach((call, index) => {
      for (const action of call.actions) if (action.open) out.push(fromAction(note.file, action, customer, call));
      for (const offer of call.offers) {
        if (offer.status === 'confirmed') continue;
        if (offer.id && note.coveredElsewhere?.has(`${index}:${offer.id}`)) continue;
        const planned = offer.status === 'planned' || (!!offer.id && !!note.plannedElsewhere?.has(`${index}:${offer.id}`));
        out.push(fromOffer(note.file, offer, customer, call, planned));
      }
    });
    for (const action of digest.commitments) if (action.open) out.push(fromAction(note.file, action, customer, null));
  }
  // Sort keys computed once per item: a repository has thousands of follow-ups and a comparator is called n·log n times.
  const keyed = out.filter(matches(filter)).map((f) => ({ f, rank: rank(f), date: (f.kind === 'offer' ? f.callDate : f.due) ?? '\uffff' }));
  keyed.sort(byUrgency);
  return keyed.map((k) => k.f);
}

function fromAction(file: string, a: ActionDigest, customer: string | null, call: CallDigest | null): FollowUp {
  return {
    file,
    line: a.line,
    column: a.column,
    kind: 'action',
    status: a.overdue ? 'overdue' : 'open',
    text: a.text,
    id: a.offers.length === 1 ? a.offers[0] : null,
    due: a.due,
    owner: a.owner,
    customer,
    call: call?.title ?? null,
    callDate: call?.date ?? null,
  };
}

function fromOffer(file: string, o: OfferDigest, customer: string | null, call: CallDigest, planned: boolean): FollowUp {
  return {
    file,
    line: o.line,
    column: o.column,
    kind: 'offer',
    status: planned ? 'planned' : 'unconfirmed',
    text: withoutId(o),
    id: o.id,
    due: null,
    owner: null,
    customer,
    call: call.title,
    callDate: call.date,
  };
}

/** An offer's text without the id it starts with (`[O1]`, `O1:`): the id is a field of its own. */
function withoutId(o: OfferDigest): string {
  if (!o.id) return o.text;
  const m = /^\s*(?:\*\*|__)?\s*(?:\[(O\d+)\]|(O\d+)\s*(?:\*\*|__)?\s*[:：.)、])\s*(?:\*\*|__)?\s*[:：.)、]?\s*/u.exec(o.text);
  return m && (m[1] ?? m[2]) === o.id && m[0].length < o.text.length ? o.text.slice(m[0].length) : o.text;
}

/** Comparable form of a person's or a customer's name. */
export function nameKey(name: string): string {
  return name.trim().replace(/^@/, '').normalize('NFKC').toLowerCase();
}

function matches(filter: FollowUpFilter): (f: FollowUp) => boolean {
  const owner = filter.owner === undefined ? undefined : nameKey(filter.owner);
  const customer = filter.customer === undefined ? undefined : nameKey(filter.customer);
  return (f) =>
    (owner === undefined || (f.owner !== null && nameKey(f.owner) === owner)) &&
    (customer === undefined || (f.customer !== null && nameKey(f.customer) === customer)) &&
    (filter.dueBefore === undefined || (f.due !== null && f.due < filter.dueBefore));
}

function rank(f: FollowUp): number {
  if (f.kind === 'offer') return 3;
  if (f.status === 'overdue') return 0;
  return f.due ? 1 : 2;
}

function byUrgency(a: { f: FollowUp; rank: number; date: string }, b: { f: FollowUp; rank: number; date: string }): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  if (a.f.file !== b.f.file) return a.f.file < b.f.file ? -1 : 1;
  return a.f.line - b.f.line || a.f.column - b.f.column;
}
