import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Diagnostic,
  type TextDocumentContentChangeEvent,
  type InitializeResult,
} from 'vscode-languageserver-protocol/node';
import { bundled } from '../bundle.js';
import { ROOT } from '../helpers.js';

/** Options of a test client session. */
export interface ClientOptions {
  /** Announce pull-diagnostic support (textDocument.diagnostic). */
  pull?: boolean;
  locale?: string;
  today?: string;
  /** Settings answered to workspace/configuration; undefined: the client has no configuration support. */
  settings?: Record<string, unknown>;
  workspace?: string;
  /** Declare dynamic registration for configuration and watched files (default true, as VS Code does). */
  dynamicRegistration?: boolean;
  /** Declare `workspace.diagnostics.refreshSupport`. */
  refreshSupport?: boolean;
  /** Declare `codeDescriptionSupport` (default true). */
  codeDescription?: boolean;
  /** More `initializationOptions` (beside `today`). */
  initializationOptions?: Record<string, unknown>;
  /** Declare `window.workDoneProgress`. */
  workDoneProgress?: boolean;
  /** What workspace/configuration answers for sections other than `mot` (e.g. `files.exclude`); null otherwise. */
  sections?: Record<string, unknown>;
}

/**
 * A minimal LSP client that starts the bundled server (dist/server.js, rebuilt
 * first when stale) over stdio, as Neovim or Helix would, and waits for
 * responses and notifications with deadlines instead of sleeping.
 */
export class TestClient {
  readonly connection: ProtocolConnection;
  readonly published = new Map<string, PublishDiagnosticsParams>();
  readonly logs: string[] = [];
  /** Every request the server sent, by method, in order. */
  readonly serverRequests: string[] = [];
  /** The params of every request the server sent, in order. */
  readonly serverRequestParams: { method: string; params: any }[] = [];
  /** The last full pull report of each document, to send its resultId and keep its items when the answer is `unchanged`. */
  readonly reports = new Map<string, { resultId?: string; items: Diagnostic[] }>();
  /** The kind of the last pull report of each document. */
  readonly lastKind = new Map<string, string>();
  /** Every `$/progress` notification, in order. */
  readonly progress: { token: unknown; value: { kind: string; title?: string; message?: string; percentage?: number } }[] = [];
  /** Every notification by method name, counted (custom ones such as `mot/followUpsChanged`). */
  readonly notifications = new Map<string, number>();
  initializeResult!: InitializeResult;
  /** What the client answers to workspace/configuration (when it supports it); tests may change it. */
  settings: Record<string, unknown> | undefined;
  private listeners: (() => void)[] = [];
  private exited = false;

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    child.on('exit', () => {
      this.exited = true;
      this.notify();
    });
    child.stderr.on('data', (d) => this.logs.push(String(d)));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.set(p.uri, p);
      this.notify();
    });
    this.connection.onNotification('$/progress', (p: TestClient['progress'][number]) => {
      this.progress.push(p);
      this.notify();
    });
    this.connection.onNotification('mot/followUpsChanged', () => {
      this.notifications.set('mot/followUpsChanged', (this.notifications.get('mot/followUpsChanged') ?? 0) + 1);
      this.notify();
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.onNotification('window/showMessage', (p: { message: string }) => {
      this.logs.push(`showMessage: ${p.message}`);
    });
    const record = (method: string, answer: (p: any) => unknown = () => null) =>
      this.connection.onRequest(method, (p: unknown) => {
        this.serverRequests.push(method);
        this.serverRequestParams.push({ method, params: p });
        this.notify();
        return answer(p);
      });
    record('client/registerCapability');
    record('client/unregisterCapability');
    record('window/workDoneProgress/create');
    record('workspace/diagnostic/refresh');
    record('workspace/codeLens/refresh');
    record('window/showMessageRequest', (p: { message: string }) => {
      this.logs.push(`showMessage: ${p.message}`);
      return null;
    });
  }

  /** Starts the server and runs initialize/initialized. */
  static async start(options: ClientOptions = {}): Promise<TestClient> {
    // MOT_SERVER_NODE_ARGS passes flags such as --cpu-prof to the server's node, to profile it under a bench.
    const nodeArgs = process.env.MOT_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    // MOT_SERVER_JS runs another build of the server (the bench compares one from before a change).
    const server = process.env.MOT_SERVER_JS || bundled('server.js');
    const child = spawn(process.execPath, [...nodeArgs, server, '--stdio'], { stdio: 'pipe' });
    const client = new TestClient(child);
    if (options.settings) {
      client.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
        client.serverRequests.push('workspace/configuration');
        return p.items.map((item) => (!item.section || item.section === 'mot' ? client.settings : (options.sections?.[item.section] ?? null)));
      });
      client.settings = options.settings;
    }
    const dynamic = options.dynamicRegistration ?? true;
    client.connection.listen();
    const workspace = options.workspace ?? join(ROOT, 'examples');
    client.initializeResult = await client.request('initialize', {
      processId: process.pid,
      rootUri: `file://${workspace}`,
      workspaceFolders: [{ uri: `file://${workspace}`, name: 'notes' }],
      locale: options.locale ?? 'en',
      initializationOptions: { today: options.today ?? '2026-06-15', ...options.initializationOptions },
      capabilities: {
        textDocument: {
          ...(options.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: options.codeDescription ?? true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
          completion: { completionItem: { snippetSupport: false } },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
        ...(options.workDoneProgress ? { window: { workDoneProgress: true } } : {}),
        workspace: {
          configuration: !!options.settings,
          didChangeConfiguration: { dynamicRegistration: dynamic },
          didChangeWatchedFiles: { dynamicRegistration: dynamic },
          ...(options.refreshSupport ? { diagnostics: { refreshSupport: true } } : {}),
        },
      },
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  /** Sends a request and resolves with its result (rejects on an error response or after `ms`). */
  request<T = any>(method: string, params: unknown, ms = 15000): Promise<T> {
    return withDeadline(this.connection.sendRequest(method, params) as Promise<T>, ms, `${method} had no answer`);
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Waits until the published diagnostics of `uri` satisfy `accept`. */
  waitForDiagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, ms = 15000): Promise<Diagnostic[]> {
    return this.waitFor(() => {
      const p = this.published.get(uri);
      return p && accept(p) ? p.diagnostics : undefined;
    }, ms, `no matching diagnostics for ${uri}`);
  }

  /**
   * Pull diagnostics for `uri`, as VS Code does: with the resultId of the
   * report held, keeping its items when the server answers `unchanged`.
   */
  async pull(uri: string, ms = 15000): Promise<Diagnostic[]> {
    const held = this.reports.get(uri);
    const params = { textDocument: { uri }, ...(held?.resultId ? { previousResultId: held.resultId } : {}) };
    const report = await this.request<{ kind: string; resultId?: string; items?: Diagnostic[] }>('textDocument/diagnostic', params, ms);
    this.lastKind.set(uri, report.kind);
    if (report.kind === 'unchanged') {
      if (!held || report.resultId !== held.resultId) throw new Error(`unchanged report for ${uri} with resultId ${report.resultId}, held ${held?.resultId}`);
      return held.items;
    }
    this.reports.set(uri, { resultId: report.resultId, items: report.items ?? [] });
    return report.items ?? [];
  }

  /** Waits until `probe` returns something (checked on every message from the server). */
  until<T>(probe: () => T | undefined, what: string, ms = 15000): Promise<T> {
    return this.waitFor(probe, ms, what);
  }

  /** Waits until the server has sent a request `method` more than `seen` times; resolves with the new count. */
  waitForServerRequest(method: string, seen: number, ms = 15000): Promise<number> {
    return this.waitFor(() => {
      const n = this.serverRequests.filter((m) => m === method).length;
      return n > seen ? n : undefined;
    }, ms, `no ${method} from the server`);
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Shuts the server down properly. */
  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      await this.request('shutdown', null, 5000);
      await this.connection.sendNotification('exit');
      await this.waitFor(() => (this.exited ? true : undefined), 5000, 'server did not exit');
    } finally {
      this.connection.dispose();
      if (!this.exited) this.child.kill();
    }
  }

  private notify(): void {
    for (const l of this.listeners.splice(0)) l();
  }

  private waitFor<T>(probe: () => T | undefined, ms: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms; logs:\n${this.logs.join('\n')}`)), ms);
      const check = () => {
        const value = probe();
        if (value !== undefined) {
          clearTimeout(timer);
          resolve(value);
        } else this.listeners.push(check);
      };
      check();
    });
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** Applies LSP text edits to a text. */
export function applyTextEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') starts.push(i + 1);
    else if (text[i] === '\r' && text[i + 1] !== '\n') starts.push(i + 1);
  }
  const offset = (p: { line: number; character: number }) => (p.line >= starts.length ? text.length : Math.min(starts[p.line] + p.character, text.length));
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** Asks `mot/followUps` until the workspace index says it is complete, waiting for `mot/followUpsChanged` in between. */
export async function untilIndexComplete<T extends { complete: boolean }>(client: TestClient, params: object = {}): Promise<T> {
  for (let seen = 0; ; ) {
    const result = await client.request<T>('mot/followUps', params);
    if (result.complete) return result;
    seen = await client.until(() => {
      const n = client.notifications.get('mot/followUpsChanged') ?? 0;
      return n > seen ? n : undefined;
    }, 'mot/followUpsChanged');
  }
}
