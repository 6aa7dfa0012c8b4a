import type { MotConfig } from '../config.js';
import { loc, type Localized, type Locale } from '../l10n.js';
import { suppressionFilter, type Finding } from '../lint.js';
import type { EditorFindings } from '../top.js';
import type { Severity } from '../types.js';
import type { CallDigest, ExternalRefDigest, NoteDigest, Place } from './digest.js';
import { nameKey } from './followups.js';

/** One note as the cross-note resolution sees it. */
export interface CrossNoteInput {
  /** How the caller names the note (the CLI: its path; the server: its URI); results are keyed by it. */
  key: string;
  /** The note's folder, in the caller's naming: notes without a `customer` are matched by it. */
  folder: string;
  digest: NoteDigest;
}

/** Where a reference to an offer is written. */
export interface CoveringRef {
  /** The {@link CrossNoteInput.key} of the note that holds it. */
  key: string;
  /** Its start and end (1-based, UTF-16 columns, with offsets). */
  start: Place;
  end: Place;
  kind: 'confirm' | 'action';
  done: boolean;
  /** The date of the call it is written in (null outside calls, or when that call has none). */
  callDate: string | null;
}

/** An offer of a note that other calls refer to with `O1@DATE`. */
export interface CoveredOffer {
  /** Index of the offer's call in {@link NoteDigest.calls}. */
  call: number;
  id: string;
  /** The offer's place (where its `unconfirmed-offer` and `offer-without-action` findings start). */
  offer: Place;
  /** A done confirmation elsewhere covers it: its `unconfirmed-offer` goes away, it is no follow-up. */
  confirmed: boolean;
  /** Only planned confirmations elsewhere (and none done). */
  planned: boolean;
  /** An action elsewhere names it: its `offer-without-action` goes away. */
  acted: boolean;
  /** Every reference to it, for related information ("confirmed in …"), in input order. */
  by: CoveringRef[];
}

/** A reference that names no offer of the inputs. */
export interface UnknownRef {
  ref: ExternalRefDigest;
  /** Why, in every locale. */
  message: Localized;
}

/** What the other notes change for one note. */
export interface NoteCrossResult {
  /** Its offers that references elsewhere (or in its other calls) cover. */
  covered: CoveredOffer[];
  /** Its references that name no such offer. */
  unknown: UnknownRef[];
  /** `callIndex:offerId` of its offers confirmed elsewhere: {@link DigestedNote.coveredElsewhere}. */
  coveredElsewhere: Set<string>;
  /** `callIndex:offerId` of its offers only planned to be confirmed elsewhere: {@link DigestedNote.plannedElsewhere}. */
  plannedElsewhere: Set<string>;
}

/** How {@link resolveCrossNotes} judges a reference whose customer has no call on that date among the inputs. */
export interface CrossNoteOptions {
  /**
   * The inputs are every note there is (an editor's whole workspace): a
   * reference to a date on which the customer has no call is unknown too.
   * Without it (the CLI, which may be given a few changed files) only a
   * reference to a call that is among the inputs and lacks the offer is.
   */
  complete?: boolean;
}

/**
 * Resolves the cross-note references (`O1@2026-11-10`, FORMAT.md "Cross-note
 * references") of many notes: each names offer O1 of the same customer's call
 * dated 2026-11-10. Two notes are of the same customer when both front
 * matters name it (compared by {@link nameKey}), or, when either names none,
 * when they are in the same folder. A pure function of plain data: the CLI
 * and the language server's index call it alike. Notes without results are
 * absent from the map.
 */
export function resolveCrossNotes(inputs: readonly CrossNoteInput[], options: CrossNoteOptions = {}): Map<string, NoteCrossResult> {
  const out = new Map<string, NoteCrossResult>();
  const resultOf = (key: string) => {
    let r = out.get(key);
    if (!r) out.set(key, (r = { covered: [], unknown: [], coveredElsewhere: new Set(), plannedElsewhere: new Set() }));
    return r;
  };
  // Calls by date, so that each reference looks at a few calls, not the whole repository.
  const byDate = new Map<string, { input: CrossNoteInput; index: number; call: CallDigest }[]>();
  for (const input of inputs) {
    if (!input.digest.isCallNote) continue;
    input.digest.calls.forEach((call, index) => {
      if (!call.date) return;
      const list = byDate.get(call.date);
      if (list) list.push({ input, index, call });
      else byDate.set(call.date, [{ input, index, call }]);
    });
  }
  const covered = new Map<string, CoveredOffer>();
  const customers = new Map<CrossNoteInput, string | null>();
  const customerKey = (i: CrossNoteInput) => {
    let k = customers.get(i);
    if (k === undefined) customers.set(i, (k = i.digest.customer === null ? null : nameKey(i.digest.customer)));
    return k;
  };
  const sameCustomer = (a: CrossNoteInput, b: CrossNoteInput) => {
    if (a === b) return true;
    const ka = customerKey(a);
    const kb = customerKey(b);
    return ka !== null && kb !== null ? ka === kb : a.folder === b.folder;
  };
  for (const input of inputs) {
    if (!input.digest.isCallNote || !input.digest.refs.length) continue;
    for (const ref of input.digest.refs) {
      const calls = (byDate.get(ref.date) ?? []).filter((c) => sameCustomer(input, c.input));
      let found = false;
      for (const { input: target, index, call } of calls) {
        const offer = call.offers.find((o) => o.id === ref.id);
        if (!offer) continue;
        found = true;
        const id = `${target.key}\0${index}:${ref.id}`;
        let c = covered.get(id);
        if (!c) {
          c = { call: index, id: ref.id, offer: { line: offer.line, column: offer.column, offset: offer.offset }, confirmed: false, planned: false, acted: false, by: [] };
          covered.set(id, c);
          resultOf(target.key).covered.push(c);
        }
        const callDate = ref.call === null ? null : (input.digest.calls[ref.call]?.date ?? null);
        c.by.push({ key: input.key, start: place(ref), end: ref.end, kind: ref.kind, done: ref.done, callDate });
        if (ref.kind === 'action') c.acted = true;
        else if (ref.done) c.confirmed = true;
        else c.planned = true;
      }
      if (found) continue;
      if (calls.length) resultOf(input.key).unknown.push({ ref, message: noSuchOffer(ref, customerName(input), calls.map((c) => c.call)) });
      else if (options.complete) resultOf(input.key).unknown.push({ ref, message: noSuchCall(ref, customerName(input)) });
    }
  }
  for (const r of out.values()) {
    for (const c of r.covered) {
      c.planned &&= !c.confirmed;
      if (c.confirmed) r.coveredElsewhere.add(`${c.call}:${c.id}`);
      else if (c.planned) r.plannedElsewhere.add(`${c.call}:${c.id}`);
    }
  }
  return out;
}

function place(p: Place): Place {
  return { line: p.line, column: p.column, offset: p.offset };
}

function customerName(input: CrossNoteInput): Localized {
  const c = input.digest.customer;
  return c ? loc(c, c) : loc('this customer', '该客户');
}

function noSuchOffer(ref: ExternalRefDigest, customer: Localized, calls: CallDigest[]): Localized {
  const ids = [...new Set(calls.flatMap((c) => c.offers.flatMap((o) => (o.id ? [o.id] : []))))];
  const known = ids.join(', ') || '—';
  const name = `${ref.id}@${ref.date}`;
  return loc(
    `${name}: the call with ${customer.en} on ${ref.date} has no offer ${ref.id} (its offers: ${known}). Point it at the offer the customer was actually made, or nobody can tell which promise is kept.`,
    `${name}：与 ${customer['zh-cn']} 在 ${ref.date} 的互动中没有提议 ${ref.id}（现有提议：${ids.join('、') || '—'}）。请指向当时向客户提出的那项提议，否则无法知道兑现的是哪一项承诺。`,
  );
}

function noSuchCall(ref: ExternalRefDigest, customer: Localized): Localized {
  const name = `${ref.id}@${ref.date}`;
  return loc(
    `${name}: no call with ${customer.en} on ${ref.date} is among the notes. Check the date of the call the offer was made in.`,
    `${name}：笔记中没有与 ${customer['zh-cn']} 在 ${ref.date} 的互动记录。请核对提出该提议的那次互动的日期。`,
  );
}

/** A finding the cross-note resolution adds to a note, with its place (1-based, UTF-16 columns) and offsets. */
export interface CrossFinding {
  rule: 'unknown-offer-ref';
  severity: Severity;
  start: Place;
  end: Place;
  messages: Localized;
  data: { id: string; date: string };
}

/** What the cross-note result changes in one note's findings, whatever shape the caller keeps them in. */
export interface CrossNoteEdits {
  /** Whether a finding of `rule` starting at 1-based `line` and `column` goes away (a later note covers its offer). */
  drops(rule: string, line: number, column: number): boolean;
  /**
   * The message a kept finding takes instead of its own: an offer's
   * `unconfirmed-offer` when a later call plans to confirm it (the planned
   * confirmation is there, only not asked yet).
   */
  rewrites(rule: string, line: number, column: number): Localized | undefined;
  /** Findings to add, in document order: rules turned off and suppressed lines left out. */
  adds: CrossFinding[];
}

const UNKNOWN_DEFAULT: Severity = 'warning';

/**
 * The changes to one note's findings: its `unconfirmed-offer` findings on
 * offers a done confirmation elsewhere covers go, and its `offer-without-action`
 * ones on offers an action elsewhere names; its unknown references become
 * `unknown-offer-ref` findings with the severity `config` gives (none when
 * off) unless a `mot-disable…` comment of the note covers their line.
 */
export function crossNoteEdits(result: NoteCrossResult | undefined, digest: NoteDigest, config: Pick<MotConfig, 'rules'>): CrossNoteEdits {
  if (!result) return { drops: () => false, rewrites: () => undefined, adds: [] };
  const dropped = new Set<string>();
  const rewritten = new Map<string, Localized>();
  for (const c of result.covered) {
    if (c.confirmed) dropped.add(`unconfirmed-offer\0${c.offer.line}:${c.offer.column}`);
    if (c.acted) dropped.add(`offer-without-action\0${c.offer.line}:${c.offer.column}`);
    if (c.planned) rewritten.set(`unconfirmed-offer\0${c.offer.line}:${c.offer.column}`, plannedElsewhere(c));
  }
  const severity = config.rules['unknown-offer-ref'] ?? UNKNOWN_DEFAULT;
  const suppressed = suppressionFilter(digest.suppressions);
  const adds: CrossFinding[] =
    severity === 'off'
      ? []
      : result.unknown
          .filter((u) => !suppressed('unknown-offer-ref', u.ref.line - 1))
          .map((u) => ({ rule: 'unknown-offer-ref', severity, start: place(u.ref), end: u.ref.end, messages: u.message, data: { id: u.ref.id, date: u.ref.date } }));
  return {
    drops: (rule, line, column) => dropped.has(`${rule}\0${line}:${column}`),
    rewrites: (rule, line, column) => rewritten.get(`${rule}\0${line}:${column}`),
    adds,
  };
}

function plannedElsewhere(c: CoveredOffer): Localized {
  const dates = [...new Set(c.by.filter((b) => b.kind === 'confirm' && b.callDate).map((b) => b.callDate!))].sort();
  const when = dates.length ? dates.join(', ') : null;
  return loc(
    `Offer ${c.id} is only planned to be confirmed${when ? ` in the call of ${when}` : ' in a later call'}, not yet asked: only the customer's answer tells whether it met the expectation, while a miss can still be repaired.`,
    `提议 ${c.id} 只在${when ? ` ${dates.join('、')} 的互动中` : '后续互动中'}安排了回访确认，还没真正问过客户：问过才知道是否达到期望，有差距也还来得及补救。`,
  );
}

/**
 * A note's findings with the cross-note result applied ({@link crossNoteEdits}),
 * in document order, messages in `locale`: what the editor shows for it.
 */
export function applyCrossNotes(findings: readonly Finding[], edits: CrossNoteEdits, locale: Locale): Finding[] {
  const kept = findings.flatMap((f) => {
    const line = f.range.start.line + 1;
    const column = f.range.start.character + 1;
    if (edits.drops(f.rule, line, column)) return [];
    const messages = edits.rewrites(f.rule, line, column);
    return messages ? [{ ...f, messages, message: messages[locale] }] : [f];
  });
  if (!edits.adds.length) return kept;
  const added: Finding[] = edits.adds.map((a) => ({
    rule: a.rule,
    severity: a.severity,
    span: { start: a.start.offset, end: a.end.offset },
    range: { start: { line: a.start.line - 1, character: a.start.column - 1 }, end: { line: a.end.line - 1, character: a.end.column - 1 } },
    message: a.messages[locale],
    messages: a.messages,
    related: [],
    data: a.data,
  }));
  return [...kept, ...added].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}

/**
 * {@link applyCrossNotes} for what an editor shows of a note (at most
 * `mot.maxProblems`, {@link EditorFindings}): the shown findings edited, and
 * the counts moved by what was dropped from them and added. A covered offer
 * among the hidden findings is not known here, so with findings hidden the
 * "more problems" count may still include it.
 */
export function applyCrossNotesToShown(shown: EditorFindings, edits: CrossNoteEdits, locale: Locale): EditorFindings {
  if (!edits.adds.length && !shown.findings.some((f) => edits.drops(f.rule, f.range.start.line + 1, f.range.start.character + 1) || edits.rewrites(f.rule, f.range.start.line + 1, f.range.start.character + 1))) return shown;
  const findings = applyCrossNotes(shown.findings, edits, locale);
  return { findings, hidden: shown.hidden, total: shown.total + findings.length - shown.findings.length };
}
