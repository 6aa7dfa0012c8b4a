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
  initializeResult!: InitializeResult;
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
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.onNotification('window/showMessage', (p: { message: string }) => {
      this.logs.push(`showMessage: ${p.message}`);
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.onRequest('window/showMessageRequest', (p: { message: string }) => {
      this.logs.push(`showMessage: ${p.message}`);
      return null;
    });
  }

  /** Starts the server and runs initialize/initialized. */
  static async start(options: ClientOptions = {}): Promise<TestClient> {
    // MOT_SERVER_NODE_ARGS passes flags such as --cpu-prof to the server's node, to profile it under a bench.
    const nodeArgs = process.env.MOT_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(process.execPath, [...nodeArgs, bundled('server.js'), '--stdio'], { stdio: 'pipe' });
    const client = new TestClient(child);
    if (options.settings) {
      client.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => options.settings));
    }
    client.connection.listen();
    const workspace = options.workspace ?? join(ROOT, 'examples');
    client.initializeResult = await client.request('initialize', {
      processId: process.pid,
      rootUri: `file://${workspace}`,
      workspaceFolders: [{ uri: `file://${workspace}`, name: 'notes' }],
      locale: options.locale ?? 'en',
      initializationOptions: { today: options.today ?? '2026-06-15' },
      capabilities: {
        textDocument: {
          ...(options.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
          completion: { completionItem: { snippetSupport: false } },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
        workspace: { configuration: !!options.settings, didChangeWatchedFiles: { dynamicRegistration: true } },
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

  /** Pull diagnostics for `uri`. */
  async pull(uri: string, ms = 15000): Promise<Diagnostic[]> {
    const report = await this.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } }, ms);
    return report.items;
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
