import type { Connection } from 'vscode-languageserver';
import { buildReport, customerName, folderOf, nameKey, renderHtmlParts, type DigestedNote, type Locale } from '../core/index.js';
import { OPEN_NOTE_COMMAND, ReportRequest, type ReportCustomer, type ReportParams, type ReportResult } from '../protocol.js';
import { toLocale } from './settings.js';
import type { WorkspaceIndex } from './workspaceIndex.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `mot/report`: the report of `mot report`, from the workspace index, for a
 * customer's timeline in the editor (or for every customer).
 */
export class ReportFeature {
  constructor(
    private readonly connection: Connection,
    private readonly index: WorkspaceIndex,
    private readonly options: { today: () => string; locale: () => Locale; pathName: (uri: string) => string },
  ) {}

  listen(): void {
    this.connection.onRequest(ReportRequest, (params) => this.answer(params));
  }

  /** The report; malformed parameters are left out rather than failing the request (as in `mot/followUps`). */
  answer(params: ReportParams | null | undefined): ReportResult {
    const p = (params && typeof params === 'object' ? params : {}) as Record<string, unknown>;
    const locale = typeof p.locale === 'string' ? toLocale(p.locale) : this.options.locale();
    const date = (v: unknown) => (typeof v === 'string' && ISO_DATE.test(v) ? v : undefined);
    const all = this.index.digestedNotes().filter((n) => n.digest.isCallNote);
    const customers = customersOf(all, locale, this.options.pathName);
    const wanted = typeof p.customer === 'string' && p.customer.trim() ? p.customer : undefined;
    const notes = wanted === undefined ? all : all.filter((n) => keyOf(n) === keyFor(wanted));
    const data = buildReport(notes, { today: this.options.today(), since: date(p.since), until: date(p.until) });
    // Notes that name no customer are grouped by folder: shown by its path in the workspace, not its URI.
    for (const c of data.customers) if (c.folder !== null) c.folder = this.options.pathName(c.folder);
    const title = wanted === undefined ? undefined : customers.find((c) => c.key === keyFor(wanted))?.label ?? wanted;
    const parts = renderHtmlParts(data, { locale, link: commandLink, fileLabel: this.options.pathName, timeline: wanted !== undefined, ...(title === undefined ? {} : { title }) });
    return { ...parts, customers, complete: this.index.complete };
  }
}

/**
 * The link a call's row carries in the webview: a command URI, which the
 * webview runs only because its options allow that one command.
 */
function commandLink(uri: string, line: number): string {
  return `command:${OPEN_NOTE_COMMAND}?${encodeURIComponent(JSON.stringify([uri, line]))}`;
}

/** A customer's key: its name without case (as the follow-ups' `--customer`), or its folder's URI when it has none. */
function keyOf(note: DigestedNote): string {
  return note.digest.customer !== null ? nameKey(note.digest.customer) : folderOf(note.file);
}

function keyFor(customer: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(customer) ? customer : nameKey(customer);
}

/** The customers of the notes, as a picker lists them: by name, with their number of calls. */
function customersOf(notes: readonly DigestedNote[], locale: Locale, pathName: (uri: string) => string): ReportCustomer[] {
  const map = new Map<string, ReportCustomer>();
  for (const note of notes) {
    const key = keyOf(note);
    let c = map.get(key);
    if (!c) map.set(key, (c = { key, label: note.digest.customer ?? customerName({ customer: null, folder: pathName(folderOf(note.file)) }, locale), calls: 0 }));
    c.calls += note.digest.calls.length;
  }
  return [...map.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}
