/**
 * The language server's own requests, declared once and shared by the server
 * and every client that uses them (the VS Code client imports this module;
 * other editors can read the method names and types here).
 */
import { NotificationType0, RequestType } from 'vscode-languageserver-protocol';
import type { FollowUp } from './core/workspace/followups.js';

export type { FollowUp };

/** What `mot/documentStatus` answers about a document, for a status display. */
export interface DocumentStatus {
  isCallNote: boolean;
  calls: number;
  /** Offers no done confirmation covers. */
  openOffers: number;
  findings: number;
  /** The front matter's `customer`, or null: the customer timeline opens on it. */
  customer: string | null;
}

/** `mot/documentStatus`: counts for the status bar; null for a document the server does not know. */
export const DocumentStatusRequest = new RequestType<{ uri: string }, DocumentStatus | null, void>('mot/documentStatus');

/** Which follow-ups `mot/followUps` returns (as `mot followups --owner/--customer/--due-before`). */
export interface FollowUpsParams {
  /** Only actions of this owner (without case, with or without `@`). */
  owner?: string;
  /** Only follow-ups of this customer (front matter `customer`, without case). */
  customer?: string;
  /** Only actions due before this ISO date. */
  dueBefore?: string;
}

/** What `mot/followUps` answers: the list and the counts a view shows. */
export interface FollowUpsResult {
  /** Most urgent first, the objects of `mot followups --format json`; `file` is the note's URI. */
  items: FollowUp[];
  /** Overdue actions among `items`. */
  overdue: number;
  /** Overdue actions of the whole workspace, whatever the filters (a badge, a status bar). */
  overdueInWorkspace: number;
  /** The date the list was measured against (YYYY-MM-DD): "overdue" and "this week" are relative to it. */
  today: string;
  /** False while the workspace is still being read: the list may grow. */
  complete: boolean;
}

/** `mot/followUps`: every open commitment of the workspace's call notes, filtered. */
export const FollowUpsRequest = new RequestType<FollowUpsParams, FollowUpsResult, void>('mot/followUps');

/**
 * `mot/followUpsChanged`: the list may have changed (a note was indexed,
 * edited or deleted); sent, at most a few times a second, only to a client
 * that asks for it with `initializationOptions.followUpsChanged: true`.
 */
export const FollowUpsChangedNotification = new NotificationType0('mot/followUpsChanged');

/** What `mot/report` reports on. */
export interface ReportParams {
  /** One customer (front matter `customer`, without case; or, for notes that name none, their folder's URI); absent: every customer. */
  customer?: string;
  /** `en` or `zh-cn` (any casing); the server's locale when absent. */
  locale?: string;
  /** The period, both ends included (YYYY-MM-DD). */
  since?: string;
  until?: string;
}

/** A customer the workspace's notes name, for a picker. */
export interface ReportCustomer {
  /** What {@link ReportParams.customer} takes. */
  key: string;
  /** How to show it. */
  label: string;
  calls: number;
}

/**
 * What `mot/report` answers: the report (the same as `mot report`) as HTML
 * parts for a page of the client's own (its Content-Security-Policy), and the
 * customers there are. Links in `body` are `command:mot.openNote?["<uri>",<line>]`
 * URIs (1-based line): a client renders them with that command allowed.
 */
export interface ReportResult {
  title: string;
  style: string;
  body: string;
  customers: ReportCustomer[];
  /** False while the workspace is still being read. */
  complete: boolean;
}

/** `mot/report`: a customer's timeline (or every customer's), from the workspace index. */
export const ReportRequest = new RequestType<ReportParams, ReportResult, void>('mot/report');

/** The command `mot/report`'s links run, with `[uri, line]` (1-based line). */
export const OPEN_NOTE_COMMAND = 'mot.openNote';
