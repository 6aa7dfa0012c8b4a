/**
 * The language server's own requests, declared once and shared by the server
 * and every client that uses them (the VS Code client imports this module;
 * other editors can read the method names and types here).
 */
import { RequestType } from 'vscode-languageserver-protocol';

/** What `mot/documentStatus` answers about a document, for a status display. */
export interface DocumentStatus {
  isCallNote: boolean;
  calls: number;
  /** Offers no done confirmation covers. */
  openOffers: number;
  findings: number;
}

/** `mot/documentStatus`: counts for the status bar; null for a document the server does not know. */
export const DocumentStatusRequest = new RequestType<{ uri: string }, DocumentStatus | null, void>('mot/documentStatus');
