import type { StepKind } from '../types.js';
import { followUps, nameKey, type DigestedNote, type FollowUp } from '../workspace/followups.js';

/** What the report covers. */
export interface ReportOptions {
  /** The date open actions are overdue against (YYYY-MM-DD). */
  today: string;
  /** The period, both ends included (YYYY-MM-DD); absent: everything. */
  since?: string;
  until?: string;
}

/**
 * `mot report --format json`: the data the HTML and Markdown reports draw.
 * Counts are over the period when one is given (calls by their date;
 * actions by their due date, or their call's date when they have none).
 */
export interface ReportData {
  today: string;
  since: string | null;
  until: string | null;
  totals: ReportTotals;
  /** Customers by name (notes without a customer by folder), calls by date. */
  customers: CustomerReport[];
  /** Open and overdue commitments per owner, most overdue first; `owner: null` collects the ones nobody owns. */
  owners: OwnerReport[];
  /** The lists a review goes through: calls oldest first; offers as the follow-ups list orders them. */
  callsWithoutConfirm: CallRef[];
  unconfirmedOffers: FollowUp[];
  /** Grouped by owner (nobody's last), the longest overdue first within each. */
  overdueActions: FollowUp[];
  negativeWithoutRepair: CallRef[];
}

/** The figures of the whole report. */
export interface ReportTotals {
  customers: number;
  calls: number;
  /** Calls in which a confirmation was given. */
  callsWithConfirm: number;
  /** `callsWithConfirm / calls`, null with no calls. */
  confirmShare: number | null;
  scoredCalls: number;
  negativeCalls: number;
  negativeWithoutRepair: number;
  openActions: number;
  overdueActions: number;
  unconfirmedOffers: number;
  /** Calls with no date: in the tables, but on no chart, and never in a period. */
  undatedCalls: number;
}

/** One customer's calls and figures. */
export interface CustomerReport {
  /** The front matter's `customer` as first written; null when the notes name none (then `folder` groups them). */
  customer: string | null;
  folder: string | null;
  calls: ReportCall[];
  callsWithConfirm: number;
  confirmShare: number | null;
  /** Mean of the scores on the scale (−3 … +3), null with none. */
  averageScore: number | null;
  /** The score of the latest dated call that has one. */
  latestScore: number | null;
  openActions: number;
  overdueActions: number;
  unconfirmedOffers: number;
  negativeWithoutRepair: number;
}

/** Where a call is written, and what it is called. */
export interface CallRef {
  file: string;
  line: number;
  column: number;
  title: string;
  date: string | null;
  customer: string | null;
}

/** A call as the report shows it. */
export interface ReportCall extends CallRef {
  /** On the scale, or null (no score, or one that is not a whole number from −3 to +3). */
  score: number | null;
  /** How the score is written, when there is one (`+2`, `−1`, `5`). */
  scoreRaw: string | null;
  steps: StepKind[];
  /** A confirmation was given (not only a Confirm heading). */
  confirmed: boolean;
  offers: number;
  unconfirmedOffers: number;
  openActions: number;
  overdueActions: number;
  negativeWithoutRepair: boolean;
}

/** One owner's open commitments. */
export interface OwnerReport {
  owner: string | null;
  open: number;
  overdue: number;
}

/** A score the chart can draw: a whole number on the MOT scale. */
export function onScale(score: number | null): score is number {
  return score !== null && Number.isInteger(score) && score >= -3 && score <= 3;
}

/**
 * The report of the notes: per customer, every call (in the period) with its
 * score and steps; the commitments still open; the lists a weekly review
 * goes through. Offers confirmed in a later note (`O1@2026-11-10`) are
 * confirmed here too, as in the follow-ups list it is built on.
 */
export function buildReport(notes: readonly DigestedNote[], options: ReportOptions): ReportData {
  const since = options.since ?? null;
  const until = options.until ?? null;
  const period = since !== null || until !== null;
  const inPeriod = (date: string | null) => !period || (date !== null && (since === null || date >= since) && (until === null || date <= until));

  const list = followUps(notes);
  const groups = new Map<string, CustomerReport>();
  let undatedCalls = 0;
  for (const note of notes) {
    const { digest } = note;
    if (!digest.isCallNote) continue;
    // Groups are made over every note read, so a customer keeps the spelling it was first written with, whatever the period.
    const key = groupKey(digest.customer, note.file);
    let group = groups.get(key);
    if (!group) {
      group = emptyCustomer(digest.customer, digest.customer === null ? folderOf(note.file) : null);
      groups.set(key, group);
    }
    digest.calls.forEach((call, index) => {
      if (call.date === null) undatedCalls++;
      if (!inPeriod(call.date)) return;
      const unconfirmed = call.offers.filter((o) => o.status !== 'confirmed' && !(o.id && note.coveredElsewhere?.has(`${index}:${o.id}`)));
      group.calls.push({
        file: note.file,
        line: call.line,
        column: call.column,
        title: call.title,
        date: call.date,
        customer: digest.customer,
        score: onScale(call.score) ? call.score : null,
        scoreRaw: call.scoreRaw,
        steps: call.steps,
        confirmed: call.confirmed,
        offers: call.offers.length,
        unconfirmedOffers: unconfirmed.length,
        openActions: call.actions.filter((a) => a.open).length,
        overdueActions: call.actions.filter((a) => a.overdue).length,
        negativeWithoutRepair: call.negativeWithoutRepair,
      });
    });
  }

  // Commitments belong to the period by their due date, or by their call's date when they have none.
  const commitments = list.filter((f) => inPeriod(f.kind === 'action' ? (f.due ?? f.callDate) : f.callDate));
  for (const f of commitments) {
    const c = groups.get(groupKey(f.customer, f.file));
    if (!c) continue;
    if (f.kind === 'action') c.openActions++;
    else c.unconfirmedOffers++;
    if (f.status === 'overdue') c.overdueActions++;
  }
  // A customer is in the report when it has a call or a commitment in it: a promise due this week shows though its call was last month.
  const customers = [...groups.values()].filter((c) => c.calls.length > 0 || c.openActions + c.unconfirmedOffers > 0);
  for (const c of customers) finishCustomer(c);
  customers.sort((a, b) => compareText(label(a), label(b)));

  const calls = customers.flatMap((c) => c.calls);
  const byDate = (a: CallRef, b: CallRef) => compareDates(a.date, b.date) || compareText(a.file, b.file) || a.line - b.line;
  const ref = (c: ReportCall): CallRef => ({ file: c.file, line: c.line, column: c.column, title: c.title, date: c.date, customer: c.customer });
  const withConfirm = calls.filter((c) => c.confirmed).length;
  const overdueActions = commitments.filter((f) => f.status === 'overdue');
  return {
    today: options.today,
    since,
    until,
    totals: {
      customers: customers.length,
      calls: calls.length,
      callsWithConfirm: withConfirm,
      confirmShare: calls.length ? withConfirm / calls.length : null,
      scoredCalls: calls.filter((c) => c.score !== null).length,
      negativeCalls: calls.filter((c) => c.score !== null && c.score < 0).length,
      negativeWithoutRepair: calls.filter((c) => c.negativeWithoutRepair).length,
      openActions: commitments.filter((f) => f.kind === 'action').length,
      overdueActions: overdueActions.length,
      unconfirmedOffers: commitments.filter((f) => f.kind === 'offer').length,
      undatedCalls: period ? 0 : undatedCalls,
    },
    customers,
    owners: owners(commitments),
    callsWithoutConfirm: calls.filter((c) => !c.confirmed).sort(byDate).map(ref),
    unconfirmedOffers: commitments.filter((f) => f.kind === 'offer'),
    overdueActions: overdueActions.sort((a, b) => compareText(a.owner ?? '\uffff', b.owner ?? '\uffff') || compareDates(a.due, b.due)),
    negativeWithoutRepair: calls.filter((c) => c.negativeWithoutRepair).sort(byDate).map(ref),
  };
}

function groupKey(customer: string | null, file: string): string {
  return customer !== null ? `c\0${nameKey(customer)}` : `f\0${folderOf(file)}`;
}

/** The name a customer is shown by: its own, or its folder's (empty: the notes at the top of the repository). */
export function label(c: Pick<CustomerReport, 'customer' | 'folder'>): string {
  return c.customer ?? c.folder ?? '';
}

function emptyCustomer(customer: string | null, folder: string | null): CustomerReport {
  return {
    customer,
    folder,
    calls: [],
    callsWithConfirm: 0,
    confirmShare: null,
    averageScore: null,
    latestScore: null,
    openActions: 0,
    overdueActions: 0,
    unconfirmedOffers: 0,
    negativeWithoutRepair: 0,
  };
}

function finishCustomer(c: CustomerReport): void {
  c.calls.sort((a, b) => compareDates(a.date, b.date) || compareText(a.file, b.file) || a.line - b.line);
  c.callsWithConfirm = c.calls.filter((k) => k.confirmed).length;
  c.confirmShare = c.calls.length ? c.callsWithConfirm / c.calls.length : null;
  const scored = c.calls.filter((k) => k.score !== null);
  c.averageScore = scored.length ? scored.reduce((sum, k) => sum + k.score!, 0) / scored.length : null;
  c.latestScore = [...scored].reverse().find((k) => k.date !== null)?.score ?? null;
  c.negativeWithoutRepair = c.calls.filter((k) => k.negativeWithoutRepair).length;
}

function owners(commitments: readonly FollowUp[]): OwnerReport[] {
  const map = new Map<string, OwnerReport>();
  for (const f of commitments) {
    if (f.kind !== 'action') continue;
    const key = f.owner === null ? '' : nameKey(f.owner);
    let o = map.get(key);
    if (!o) map.set(key, (o = { owner: f.owner === null ? null : f.owner.replace(/^@/, ''), open: 0, overdue: 0 }));
    o.open++;
    if (f.status === 'overdue') o.overdue++;
  }
  // Nobody's commitments last: they are the ones to hand out.
  return [...map.values()].sort((a, b) => Number(a.owner === null) - Number(b.owner === null) || b.overdue - a.overdue || b.open - a.open || compareText(a.owner ?? '', b.owner ?? ''));
}

/** The folder of a `/`-separated path or URI: notes without a `customer` are grouped by it. */
export function folderOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

/** Dates ascending, none last. */
function compareDates(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
