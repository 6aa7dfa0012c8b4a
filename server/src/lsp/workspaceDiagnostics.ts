import {
  DocumentDiagnosticReportKind,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import type { EditorFindings, Locale } from '../core/index.js';
import type { MotSettings } from './settings.js';
import type { IndexedNote, WorkspaceIndex } from './workspaceIndex.js';

/** What the workspace diagnostics need of the server beside the index. */
export interface WorkspaceDiagnosticsHost {
  isOpen(uri: string): boolean;
  /** Whether the client pulls diagnostics (`textDocument.diagnostic`); otherwise they are published. */
  pulls: boolean;
  localeOf(settings: MotSettings): Locale;
  /** The diagnostics sent for a note's shown findings (the capped list, and the one that says how many more). */
  diagnostics(shown: EditorFindings, uri: string, locale: Locale, limit: number): Diagnostic[];
}

/**
 * The findings of call notes that are not open (`mot.workspaceDiagnostics`):
 * answered to `workspace/diagnostic` with one report per note, `unchanged`
 * for a note whose report the client holds; published, for a client that
 * does not pull, whenever the index reads a note again. Open notes are
 * reported by the document's own diagnostics.
 */
export class WorkspaceDiagnostics {
  /** Notes published to a push client, so that a note that leaves the list is cleared. */
  private readonly published = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly index: WorkspaceIndex,
    private readonly host: WorkspaceDiagnosticsHost,
  ) {}

  /** Answers `workspace/diagnostic` (registered only for a client that pulls). */
  listen(): void {
    this.connection.languages.diagnostics.onWorkspace((params, token) => this.report(params, token));
  }

  /**
   * The report of every note: waits for the workspace to be read first, so a
   * client's first pull lists all of it. A note the client held and that is
   * gone (deleted, no call note any more, the setting off) gets an empty report.
   */
  async report(params: WorkspaceDiagnosticParams, token?: CancellationToken): Promise<WorkspaceDiagnosticReport> {
    await this.index.whenComplete();
    const held = new Map((params.previousResultIds ?? []).map((p) => [p.uri, p.value]));
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    const listed = new Set<string>();
    for (const note of this.index.all()) {
      if (token?.isCancellationRequested) break;
      const settings = this.index.folderSettings(note.uri);
      if (!settings?.workspaceDiagnostics || this.host.isOpen(note.uri)) continue;
      listed.add(note.uri);
      if (held.get(note.uri) === note.resultId) {
        items.push({ kind: DocumentDiagnosticReportKind.Unchanged, uri: note.uri, version: null, resultId: note.resultId });
      } else {
        items.push({ kind: DocumentDiagnosticReportKind.Full, uri: note.uri, version: null, resultId: note.resultId, items: this.diagnosticsOf(note, settings) });
      }
    }
    for (const uri of held.keys()) {
      if (!listed.has(uri) && !this.host.isOpen(uri)) items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, items: [] });
    }
    return { items };
  }

  /** Push clients: publishes (or clears) what changed in the index. */
  changed(uris: readonly string[]): void {
    if (this.host.pulls) return;
    for (const uri of uris) this.publish(uri);
  }

  /** Push clients: publishes every note again (after a change of settings). */
  publishAll(): void {
    if (this.host.pulls) return;
    const uris = new Set([...this.published, ...[...this.index.all()].map((n) => n.uri)]);
    for (const uri of uris) this.publish(uri);
  }

  private publish(uri: string): void {
    if (this.host.isOpen(uri)) {
      // The document's own diagnostics are published for it now.
      this.published.delete(uri);
      return;
    }
    const note = this.index.get(uri);
    const settings = this.index.folderSettings(uri);
    if (note && settings?.workspaceDiagnostics) {
      this.published.add(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: this.diagnosticsOf(note, settings) });
    } else if (this.published.delete(uri)) {
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }

  private diagnosticsOf(note: IndexedNote, settings: MotSettings): Diagnostic[] {
    const shown = this.index.diagnosticsOf(note.uri, note.shown);
    return this.host.diagnostics(shown, note.uri, this.host.localeOf(settings), settings.maxProblems);
  }
}
