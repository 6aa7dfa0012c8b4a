import { basename, dirname, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  CompletionItemKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  WatchKind,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  FileChangeType,
  LSPErrorCodes,
  MarkupKind,
  ResponseError,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type Connection,
  type DocumentSymbol,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  analyze,
  analyzeAsync,
  codeActions,
  codeLenses,
  customerLens,
  customerOf,
  ConfigError,
  complete,
  documentSymbols,
  fixAll,
  foldingRanges,
  hover,
  localToday,
  mergeConfig,
  sameFindings,
  topFindings,
  AnalysisCache,
  LIMITS,
  type Analysis,
  type AnalyzeOptions,
  type EditorFindings,
  type Locale,
  type MotConfig,
  type SymbolResult,
} from '../core/index.js';
import { ConfigResolver } from '../node/configFiles.js';
import { DocumentStatusRequest, type DocumentStatus } from '../protocol.js';
import { HeapWatch } from './memory.js';
import { moreDiagnostic, SOURCE, toDiagnostic, toRange, toTextEdits, type DiagnosticSupport } from './convert.js';
import { ConfigPoll } from './poll.js';
import { uriToPath } from './paths.js';
import { FollowUpsFeature } from './followUps.js';
import { ReportFeature } from './report.js';
import { WorkspaceDiagnostics } from './workspaceDiagnostics.js';
import { WorkspaceIndex, type ProgressReporter } from './workspaceIndex.js';

export { uriToPath };
import { DEFAULT_SETTINGS, normalizeSettings, settingsOverrides, toLocale, type MotSettings } from './settings.js';

/** The code action kind of "fix all MOT problems". */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.mot`;


interface DocState {
  cache: AnalysisCache;
  analysis: Analysis | null;
  version: number;
  settingsKey: string;
  /** The analysis under way, for one version and settings; null when superseded. */
  pending?: { version: number; settingsKey: string; promise: Promise<Analysis | null>; run: object };
  pushTimer?: ReturnType<typeof setTimeout>;
  /** The last full diagnostic report sent, for `unchanged` answers to a client that holds it. */
  report?: { resultId: string; version: number; settingsKey: string; shown: EditorFindings; limit: number };
}

const { featureWaitMs: FEATURE_WAIT_MS, largeNoteChars: LARGE_NOTE, hugeNoteChars: HUGE_NOTE } = LIMITS;

/**
 * The language server: keeps documents and their analyses, and answers each
 * request by calling the core and translating its result to LSP. Every
 * handler is guarded so that one failure is logged and answered, never fatal.
 */
export class MotLanguageServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly states = new Map<string, DocState>();
  private readonly settingsCache = new Map<string, Promise<MotSettings>>();
  private resolver = new ConfigResolver({ defaultRoot: process.cwd() });
  private readonly reportedConfigErrors = new Set<string>();
  private readonly heap = new HeapWatch();
  private workspaceFolders: string[] = [];
  private pullDiagnostics = false;
  private configurationSupport = false;
  private codeLensRefresh = false;
  private diagnosticRefresh = false;
  private dynamicConfiguration = false;
  private dynamicWatchedFiles = false;
  private support: DiagnosticSupport = { codeDescription: false, relatedInformation: false };
  /** Settings from `initializationOptions`: the defaults for whatever the client's configuration leaves out. */
  private baseSettings: MotSettings = DEFAULT_SETTINGS;
  /** Settings pushed in `workspace/didChangeConfiguration`, for a client that cannot be asked for them. */
  private pushedSettings: MotSettings | null = null;
  /** Documents whose `didOpen` was malformed, and why: their requests are answered with that error. */
  private readonly rejected = new Map<string, string>();
  private lastResultId = 0;
  private poll: ConfigPoll | null = null;
  private clientLocale: Locale = 'en';
  private initToday = '';
  private readonly baseDir: string;
  private progressSupport = false;
  private notifyFollowUps = false;
  /** The client runs `mot.showTimeline` (it said so in `initializationOptions.customerTimeline`). */
  private customerTimeline = false;
  /** Every call note of the workspace folders, for workspace diagnostics and the follow-ups. */
  private readonly index = new WorkspaceIndex({
    folders: () => this.workspaceFolders,
    settings: (folderUri) => this.settingsFor(folderUri),
    exclude: (folderUri) => this.filesExclude(folderUri),
    analyzeOptions: (uri, settings) => this.analyzeOptions(uri, settings),
    isOpen: (uri) => !!this.documents.get(uri),
    changed: (uris) => {
      this.workspaceReports?.changed(uris);
      this.followUps?.changed();
    },
    progress: (total) => this.startProgress(total),
    log: (message) => this.connection.console.error(message),
  });
  private workspaceReports: WorkspaceDiagnostics | null = null;
  private followUps: FollowUpsFeature | null = null;
  /** Open documents waiting to be taken into the index after a pause in typing. */
  private readonly indexTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly connection: Connection,
    options: { baseDir?: string; pushDelayMs?: number } = {},
  ) {
    // The bundle is CommonJS; under a test loader there may be no __dirname.
    this.baseDir = options.baseDir ?? (typeof __dirname === 'string' ? __dirname : process.cwd());
    this.pushDelay = options.pushDelayMs ?? 150;
  }

  private readonly pushDelay: number;

  /** Registers every handler and starts listening. */
  listen(): void {
    const c = this.connection;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- read by a getter below, after initialize
    const self = this;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => this.initialized());
    c.onShutdown(() => {
      for (const s of this.states.values()) clearTimeout(s.pushTimer);
      for (const t of this.indexTimers.values()) clearTimeout(t);
      this.index.dispose();
      this.followUps?.dispose();
      this.heap.dispose();
      this.poll?.dispose();
    });
    c.onDidChangeConfiguration((p) => {
      // A client that cannot be asked for settings may push them (Neovim's `settings`).
      const pushed = (p?.settings as { mot?: unknown } | undefined)?.mot;
      if (!this.configurationSupport && pushed && typeof pushed === 'object') this.pushedSettings = normalizeSettings(pushed, this.baseSettings);
      this.configurationChanged();
    });
    c.onDidChangeWatchedFiles((p) => {
      const changes = Array.isArray(p?.changes) ? p.changes.filter((ch) => typeof ch?.uri === 'string') : [];
      // A deleted folder may have held a .motrc.json; a deleted note cannot have.
      const config = changes.some((ch) => ch.uri.endsWith('.motrc.json') || (ch.type === FileChangeType.Deleted && !/\.[^/]*$/.test(ch.uri)));
      if (config) return this.configurationChanged();
      for (const ch of changes) {
        if (ch.type === FileChangeType.Deleted) this.index.fileDeleted(ch.uri);
        else if (!this.documents.get(ch.uri)) this.index.fileChanged(ch.uri);
      }
    });

    this.documents.onDidOpen((e) => {
      this.scheduleValidation(e.document.uri, 0);
      this.scheduleIndex(e.document.uri, 0);
    });
    this.documents.onDidChangeContent((e) => {
      this.heap.edited();
      this.scheduleValidation(e.document.uri, this.pushDelay);
      this.scheduleIndex(e.document.uri, this.pushDelay);
    });
    this.documents.onDidClose((e) => {
      const state = this.states.get(e.document.uri);
      clearTimeout(state?.pushTimer);
      clearTimeout(this.indexTimers.get(e.document.uri));
      this.indexTimers.delete(e.document.uri);
      this.states.delete(e.document.uri);
      this.settingsCache.delete(e.document.uri);
      if (!this.pullDiagnostics) void c.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      // What the disk holds now stands for the note (the editor's text may not have been saved).
      this.index.closed(e.document.uri);
    });

    c.languages.diagnostics.on(async (params, token) =>
      this.guard('diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] }, async () => {
        const uri = params.textDocument.uri;
        const doc = this.documentOf(uri);
        if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
        const settings = await this.settingsFor(uri);
        const key = JSON.stringify(settings);
        const state = this.stateOf(uri);
        const last = state.report;
        const held = !!last && params.previousResultId === last.resultId;
        // Nothing changed since the report the client holds: no analysis, no conversion.
        if (held && last.version === doc.version && last.settingsKey === key) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: last.resultId };
        const result = await this.analysisFor(doc, token);
        const shown = this.index.diagnosticsOf(uri, result ? topFindings(result.analysis, settings.maxProblems) : { findings: [], hidden: 0, total: 0 });
        // Only a version analysed and kept may answer later requests without a look.
        const version = result && state.analysis === result.analysis ? state.version : -1;
        if (held && last.limit === settings.maxProblems && last.shown.hidden === shown.hidden && sameFindings(last.shown.findings, shown.findings)) {
          Object.assign(last, { version, settingsKey: key });
          return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: last.resultId };
        }
        const resultId = String(++this.lastResultId);
        state.report = { resultId, version, settingsKey: key, shown, limit: settings.maxProblems };
        return { kind: DocumentDiagnosticReportKind.Full, resultId, items: this.diagnostics(shown, uri, result?.locale ?? 'en', settings.maxProblems) };
      }),
    );

    c.onHover(async (params, token) =>
      this.feature('hover', params?.textDocument?.uri, token, null, async (doc, result) => {
        const offset = result.analysis.lines.offsetAt(params.position);
        const h = hover(result.analysis, offset, result.locale, result.today);
        return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(result.analysis, h.span) } : null;
      }),
    );

    c.onCodeAction(async (params, token) =>
      this.feature('codeAction', params?.textDocument?.uri, token, [], async (doc, result) => {
        const { analysis, locale, today } = result;
        const only = params.context.only;
        const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
        const out: CodeAction[] = [];
        if (wants(CodeActionKind.QuickFix)) {
          const span = { start: analysis.lines.offsetAt(params.range.start), end: analysis.lines.offsetAt(params.range.end) };
          for (const action of codeActions(analysis, span, { locale, today })) {
            out.push({
              title: action.title,
              kind: CodeActionKind.QuickFix,
              isPreferred: action.isPreferred,
              diagnostics: action.fixes.map((f) => toDiagnostic(f, doc.uri, locale, this.baseDir, this.support)),
              edit: { changes: { [doc.uri]: toTextEdits(analysis, action.edits) } },
            });
          }
        }
        // Only on request (Fix All, save actions): it re-analyses once per fix.
        if (only && wants(FIX_ALL_KIND)) {
          const settings = await this.settingsFor(doc.uri);
          const scratch = new AnalysisCache();
          const fixed = fixAll(doc.getText(), (text) => this.runAnalysis(doc.uri, text, settings, scratch), { locale, today });
          if (fixed !== null) {
            out.push({
              title: locale === 'zh-cn' ? '修复所有关键时刻问题（步骤拼写、缺少的步骤）' : 'Fix all MOT problems (step typos, missing steps)',
              kind: FIX_ALL_KIND,
              edit: { changes: { [doc.uri]: [{ range: toRange(analysis, { start: 0, end: analysis.text.length }), newText: fixed }] } },
            });
          }
        }
        return out;
      }),
    );

    c.onCompletion(async (params, token) =>
      this.feature('completion', params?.textDocument?.uri, token, [], async (doc, result) => {
        const offset = result.analysis.lines.offsetAt(params.position);
        return complete(result.analysis, offset, result.locale).map(
          (c): CompletionItem => ({
            label: c.label,
            kind: c.kind === 'step' ? CompletionItemKind.Keyword : c.kind === 'label' ? CompletionItemKind.Property : CompletionItemKind.Reference,
            detail: c.detail,
            ...(c.documentation ? { documentation: { kind: MarkupKind.Markdown, value: c.documentation } } : {}),
            sortText: c.sortText,
            textEdit: { range: toRange(result.analysis, c.span), newText: c.insertText },
          }),
        );
      }),
    );

    c.onDocumentSymbol(async (params, token) =>
      this.feature('documentSymbol', params?.textDocument?.uri, token, [], async (doc, result) => {
        if (doc.getText().length > HUGE_NOTE) return [];
        const convert = (s: SymbolResult): DocumentSymbol => ({
          name: s.name || '—',
          detail: s.detail,
          kind: s.kind === 'call' ? SymbolKind.Event : s.kind === 'step' ? SymbolKind.Field : SymbolKind.Constant,
          range: toRange(result.analysis, s.span),
          selectionRange: toRange(result.analysis, s.selectionSpan),
          children: s.children.map(convert),
        });
        return documentSymbols(result.analysis, result.locale).map(convert);
      }),
    );

    c.onFoldingRanges(async (params, token) =>
      this.feature('foldingRange', params?.textDocument?.uri, token, [], async (doc, result) => {
        if (doc.getText().length > HUGE_NOTE) return [];
        return foldingRanges(result.analysis).map((f) => ({ startLine: f.startLine, endLine: f.endLine }));
      }),
    );

    c.onCodeLens(async (params, token) =>
      this.feature('codeLens', params?.textDocument?.uri, token, [], async (doc, result) => {
        if (doc.getText().length > HUGE_NOTE) return [];
        // An empty command id renders the lens as plain text.
        const lenses = codeLenses(result.analysis, result.locale);
        // Only a client that declared it can run the command gets the customer lens; elsewhere it would be a dead link.
        const customer = this.customerTimeline ? customerLens(result.analysis, result.locale) : null;
        return [...(customer ? [customer] : []), ...lenses].map((l) => ({
          range: toRange(result.analysis, l.span),
          command: l.command ? { title: l.title, command: l.command.id, arguments: l.command.args } : { title: l.title, command: '' },
        }));
      }),
    );

    c.onRequest(DocumentStatusRequest, async (params) =>
      this.guard<DocumentStatus | null>('documentStatus', null, async () => {
        const doc = this.documentOf(params?.uri);
        const result = doc && (await this.analysisFor(doc));
        if (!doc || !result) return null;
        const a = result.analysis;
        // Counted, not built: a findings-heavy note has tens of thousands.
        return { isCallNote: a.isCallNote, calls: a.summary.calls, openOffers: a.summary.openOffers, findings: a.top(0).total, customer: a.isCallNote ? customerOf(a.modelAt(0)) : null };
      }),
    );

    this.workspaceReports = new WorkspaceDiagnostics(c, this.index, {
      isOpen: (uri) => !!this.documents.get(uri),
      get pulls() {
        return self.pullDiagnostics;
      },
      localeOf: (settings) => this.localeOf(settings),
      diagnostics: (shown, uri, locale, limit) => this.diagnostics(shown, uri, locale, limit),
    });
    this.workspaceReports.listen();
    this.followUps = new FollowUpsFeature(c, this.index, { notify: () => this.notifyFollowUps, today: () => this.todayOf(this.indexSettings()) });
    this.followUps.listen();
    new ReportFeature(c, this.index, {
      today: () => this.todayOf(this.indexSettings()),
      locale: () => this.localeOf(this.indexSettings()),
      pathName: (uri) => this.pathName(uri),
    }).listen();

    this.documents.listen(this.checkedOpens(c));
    c.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    const caps = params.capabilities;
    this.pullDiagnostics = !!caps.textDocument?.diagnostic;
    this.configurationSupport = !!caps.workspace?.configuration;
    this.codeLensRefresh = !!caps.workspace?.codeLens?.refreshSupport;
    this.diagnosticRefresh = !!caps.workspace?.diagnostics?.refreshSupport;
    this.dynamicConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    this.dynamicWatchedFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    this.progressSupport = !!caps.window?.workDoneProgress;
    const publish = caps.textDocument?.publishDiagnostics;
    // LSP 3.18 moves these flags into a shape shared by push and pull; either place counts.
    const pull = caps.textDocument?.diagnostic as { codeDescriptionSupport?: boolean; relatedInformation?: boolean } | undefined;
    this.support = {
      codeDescription: !!(publish?.codeDescriptionSupport || pull?.codeDescriptionSupport),
      relatedInformation: !!(publish?.relatedInformation || pull?.relatedInformation),
    };
    const init = (params.initializationOptions ?? {}) as { today?: unknown; locale?: unknown; followUpsChanged?: unknown; customerTimeline?: unknown };
    this.notifyFollowUps = init.followUpsChanged === true;
    this.customerTimeline = init.customerTimeline === true;
    this.initToday = typeof init.today === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(init.today) ? init.today : '';
    // The client's display language is `locale`; every other `mot.*` setting may come here too (Neovim, Helix).
    this.baseSettings = normalizeSettings(params.initializationOptions && typeof params.initializationOptions === 'object' ? { ...init, locale: undefined } : {});
    this.clientLocale = toLocale(typeof init.locale === 'string' ? init.locale : params.locale);
    this.workspaceFolders = (params.workspaceFolders ?? [])
      .map((f) => uriToPath(f.uri))
      .filter((p): p is string => !!p)
      .sort((a, b) => b.length - a.length);
    const root = this.workspaceFolders[0] ?? (params.rootUri ? uriToPath(params.rootUri) : null) ?? process.cwd();
    this.resolver = new ConfigResolver({ defaultRoot: root });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        completionProvider: { triggerCharacters: ['#', ' ', '[', 'O'] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        codeLensProvider: { resolveProvider: false },
        ...(this.pullDiagnostics ? { diagnosticProvider: { identifier: SOURCE, interFileDependencies: true, workspaceDiagnostics: true } } : {}),
      },
      serverInfo: { name: 'mot-language-server' },
    };
  }

  /**
   * Registers for configuration and `.motrc.json` changes where the client
   * declares dynamic registration; otherwise the server asks for them itself
   * every few seconds (a client without it would log the registration as an
   * error, as Neovim 0.7 does).
   */
  private initialized(): void {
    const c = this.connection;
    // files.exclude decides which notes the workspace index reads.
    if (this.dynamicConfiguration) void c.client.register(DidChangeConfigurationNotification.type, { section: ['mot', 'files.exclude'] }).catch(() => undefined);
    if (this.dynamicWatchedFiles) {
      // Notes for the workspace index; any created or deleted path, for folders renamed or removed with their notes.
      const watchers = [{ globPattern: '**/.motrc.json' }, { globPattern: '**/*.{md,markdown}' }, { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }];
      void c.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch(() => undefined);
    }
    const askSettings = this.configurationSupport && !this.dynamicConfiguration;
    if (askSettings || !this.dynamicWatchedFiles) {
      this.poll = new ConfigPoll({
        documents: () => this.documents.all().map((d) => d.uri),
        configFiles: !this.dynamicWatchedFiles,
        settingsChanged: askSettings ? (uri) => this.settingsChanged(uri) : null,
        changed: () => this.configurationChanged(),
        onError: (error) => c.console.error(`configuration poll failed: ${(error as Error)?.stack ?? error}`),
      });
    }
    void this.index.rebuild();
  }

  private configurationChanged(): void {
    this.settingsCache.clear();
    this.resolver.clear();
    this.reportedConfigErrors.clear();
    for (const state of this.states.values()) {
      state.analysis = null;
      state.pending = undefined;
      // A .motrc.json is not in the settings key: the report held must be checked against a new analysis.
      if (state.report) state.report.version = -1;
    }
    if (this.pullDiagnostics) {
      if (this.diagnosticRefresh) void this.connection.languages.diagnostics.refresh().catch(() => undefined);
    } else for (const doc of this.documents.all()) this.scheduleValidation(doc.uri, 0);
    // Settings, .motrc.json and files.exclude decide what the index holds and what its findings are.
    void this.index.rebuild();
    // Lenses carry the locale and the findings' state: ask the client to fetch them again.
    if (this.codeLensRefresh) void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  }

  /** The settings of the first workspace folder as the index read them (for what has no document: the follow-ups' today). */
  private indexSettings(): MotSettings {
    const first = this.workspaceFolders[this.workspaceFolders.length - 1];
    return (first && this.index.folderSettings(pathToFileURL(first).href)) || this.pushedSettings || this.baseSettings;
  }

  /** A file or folder URI as its path under the workspace folder that holds it (the folder itself: its name). */
  private pathName(uri: string): string {
    const path = uriToPath(uri);
    if (!path) return uri;
    const root = this.workspaceFolders.find((f) => path === f || path.startsWith(`${f}${sep}`));
    if (!root) return path;
    return path === root ? basename(root) : relative(root, path).split(sep).join('/');
  }

  /** The `files.exclude` globs of a folder that are on (`true`); none from a client that cannot be asked. */
  private async filesExclude(folderUri: string): Promise<string[]> {
    if (!this.configurationSupport) return [];
    try {
      const raw: unknown = await this.connection.workspace.getConfiguration({ scopeUri: folderUri, section: 'files.exclude' });
      if (!raw || typeof raw !== 'object') return [];
      // A `{ when: … }` value hides a file only beside a sibling; the index does not try to follow that.
      return Object.entries(raw as Record<string, unknown>).filter(([, on]) => on === true).map(([glob]) => glob);
    } catch {
      return [];
    }
  }

  /** Work-done progress for the workspace's first read, for a client that declares it can show it. */
  private async startProgress(total: number): Promise<ProgressReporter | null> {
    if (!this.progressSupport) return null;
    try {
      const progress = await this.connection.window.createWorkDoneProgress();
      const title = this.clientLocale === 'zh-cn' ? '正在读取通话笔记' : 'Reading call notes';
      progress.begin(title, 0, `0/${total}`, false);
      return { report: (percentage, message) => progress.report(percentage, message), done: () => progress.done() };
    } catch {
      return null;
    }
  }

  /** An open document goes into the workspace index after a pause in typing, from the analysis the editor features use. */
  private scheduleIndex(uri: string, delay: number): void {
    clearTimeout(this.indexTimers.get(uri));
    this.indexTimers.set(
      uri,
      setTimeout(() => {
        this.indexTimers.delete(uri);
        void this.guard('workspaceIndex', undefined, async () => {
          const doc = this.documents.get(uri);
          if (!doc) return;
          // Superseded by a newer version, which schedules its own.
          const result = await this.unlessSuperseded(doc);
          if (result && this.documents.get(uri) === doc) this.index.fromEditor(uri, result.analysis, await this.settingsFor(uri), result.today);
        });
      }, delay),
    );
  }

  private async settingsFor(uri: string): Promise<MotSettings> {
    if (!this.configurationSupport) return this.pushedSettings ?? this.baseSettings;
    let pending = this.settingsCache.get(uri);
    if (!pending) {
      pending = this.fetchSettings(uri);
      this.settingsCache.set(uri, pending);
    }
    return pending;
  }

  /** Whether the client's settings for a document differ from those in use (false when none are in use yet). */
  private async settingsChanged(uri: string): Promise<boolean> {
    const inUse = this.settingsCache.get(uri);
    if (!inUse) return false;
    const [before, now] = await Promise.all([inUse, this.fetchSettings(uri)]);
    return JSON.stringify(before) !== JSON.stringify(now);
  }

  /** Asks the client for a document's `mot` settings (on top of those from `initializationOptions`). */
  private fetchSettings(uri: string): Promise<MotSettings> {
    return this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'mot' }).then(
      (raw) => normalizeSettings(raw, this.baseSettings),
      () => this.baseSettings,
    );
  }

  /** {@link analysisFor} for background work: undefined when a newer version superseded the run. */
  private async unlessSuperseded(doc: TextDocument): Promise<Awaited<ReturnType<MotLanguageServer['analysisFor']>> | undefined> {
    try {
      return await this.analysisFor(doc);
    } catch (error) {
      if (error instanceof ResponseError) return undefined;
      throw error;
    }
  }

  /**
   * The analysis of a document's current version, computed once per version
   * and settings. Large notes are parsed in slices (the connection keeps
   * serving); work for a version that a newer one replaced is dropped and the
   * request cancelled with `retriggerRequest`. With `waitMs`, gives up waiting
   * after that long and answers null.
   */
  private async analysisFor(
    doc: TextDocument,
    token?: CancellationToken,
    waitMs?: number,
  ): Promise<{ analysis: Analysis; locale: Locale; today: string } | null> {
    const settings = await this.settingsFor(doc.uri);
    if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    if (!settings.enable) return null;
    const current = this.documents.get(doc.uri);
    if (!current) return null;
    const key = JSON.stringify(settings);
    const state = this.stateOf(doc.uri);
    const done = (analysis: Analysis) => ({ analysis, locale: this.localeOf(settings), today: this.todayOf(settings) });
    if (state.analysis && state.version === current.version && state.settingsKey === key) return done(state.analysis);

    if (!state.pending || state.pending.version !== current.version || state.pending.settingsKey !== key) {
      const version = current.version;
      const text = current.getText();
      const uri = doc.uri;
      const run = {};
      // A newer version, or new settings (configurationChanged drops `pending`), make this run stale.
      const superseded = () => this.documents.get(uri)?.version !== version || state.pending?.run !== run;
      // Registered before the run starts: it asks `superseded` right away.
      const pending: NonNullable<DocState['pending']> = { version, settingsKey: key, run, promise: Promise.resolve(null) };
      state.pending = pending;
      pending.promise = (async () => {
        const analysis = await analyzeAsync(text, { ...this.analyzeOptions(uri, settings), cache: state.cache, isCancelled: superseded });
        if (!analysis) return null;
        if (!superseded()) Object.assign(state, { analysis, version, settingsKey: key });
        return analysis;
      })();
    }
    const promise = state.pending.promise;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const analysis =
      waitMs === undefined || current.getText().length < LARGE_NOTE
        ? await promise
        : await Promise.race([promise, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)))]);
    clearTimeout(timer);
    if (analysis === null) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed', { retriggerRequest: true });
    return analysis ? done(analysis) : null;
  }

  private stateOf(uri: string): DocState {
    let state = this.states.get(uri);
    if (!state) {
      const cache = new AnalysisCache();
      state = { cache, analysis: null, version: -1, settingsKey: '' };
      this.states.set(uri, state);
    }
    return state;
  }

  private runAnalysis(uri: string, text: string, settings: MotSettings, cache: AnalysisCache): Analysis {
    return analyze(text, { ...this.analyzeOptions(uri, settings), cache });
  }

  /** Path, configuration (`.motrc.json` under the editor's settings), today and locale for a document. */
  private analyzeOptions(uri: string, settings: MotSettings): AnalyzeOptions {
    const path = uriToPath(uri);
    let rootDir = path ? this.workspaceFolders.find((f) => path.startsWith(`${f}/`)) ?? dirname(path) : undefined;
    let config: MotConfig;
    try {
      const resolved = path ? this.resolver.resolve(path) : null;
      if (resolved?.file) rootDir = resolved.rootDir;
      config = mergeConfig(resolved?.config, settingsOverrides(settings));
    } catch (error) {
      this.reportConfigError(error);
      config = mergeConfig(settingsOverrides(settings));
    }
    return {
      path: path ?? undefined,
      rootDir,
      config,
      today: this.todayOf(settings),
      locale: this.localeOf(settings),
      onRuleError: (rule, error) => this.connection.console.error(`rule ${rule} failed on ${uri}: ${(error as Error)?.stack ?? error}`),
    };
  }

  private reportConfigError(error: unknown): void {
    const message = error instanceof ConfigError ? error.message : String(error);
    this.connection.console.error(`invalid configuration: ${message}`);
    if (this.reportedConfigErrors.has(message)) return;
    this.reportedConfigErrors.add(message);
    void this.connection.window.showErrorMessage(`MOT: invalid configuration, using defaults — ${message}`);
  }

  private localeOf(settings: MotSettings): Locale {
    return settings.locale === 'auto' ? this.clientLocale : settings.locale;
  }

  private todayOf(settings: MotSettings): string {
    return settings.today || this.initToday || localToday();
  }

  /** Push mode: analyse after a pause in typing and publish, unless the client pulls. */
  private scheduleValidation(uri: string, delay: number): void {
    if (this.pullDiagnostics) return;
    const state = this.stateOf(uri);
    clearTimeout(state.pushTimer);
    state.pushTimer = setTimeout(() => void this.publish(uri), delay);
  }

  private async publish(uri: string): Promise<void> {
    await this.guard('publishDiagnostics', undefined, async () => {
      const doc = this.documents.get(uri);
      if (!doc) return;
      const version = doc.version;
      // Superseded by a newer version, whose own run will publish.
      const result = await this.unlessSuperseded(doc);
      if (result === undefined || this.documents.get(uri)?.version !== version) return;
      const settings = await this.settingsFor(uri);
      const shown = this.index.diagnosticsOf(uri, result ? topFindings(result.analysis, settings.maxProblems) : { findings: [], hidden: 0, total: 0 });
      await this.connection.sendDiagnostics({ uri, version, diagnostics: this.diagnostics(shown, uri, result?.locale ?? 'en', settings.maxProblems) });
    });
  }

  /** An editor feature at a document: its analysis (waiting briefly on large notes), or `fallback` without one. */
  private feature<T>(
    name: string,
    uri: string | undefined,
    token: CancellationToken,
    fallback: T,
    fn: (doc: TextDocument, result: { analysis: Analysis; locale: Locale; today: string }) => T | Promise<T>,
  ): Promise<T> {
    return this.guard(name, fallback, async () => {
      const doc = uri === undefined ? undefined : this.documentOf(uri);
      const result = doc && (await this.analysisFor(doc, token, FEATURE_WAIT_MS));
      return doc && result ? fn(doc, result) : fallback;
    });
  }

  /** The diagnostics sent for a document: its shown findings, then, when some are left out, the one that says so. */
  private diagnostics(shown: EditorFindings, uri: string, locale: Locale, limit: number): Diagnostic[] {
    const out = shown.findings.map((f) => toDiagnostic(f, uri, locale, this.baseDir, this.support));
    if (shown.hidden) out.push(moreDiagnostic(shown.hidden, limit, locale));
    return out;
  }

  /** An open document, or undefined; a request for one whose `didOpen` was malformed is answered with that error. */
  private documentOf(uri: string | undefined): TextDocument | undefined {
    if (typeof uri !== 'string') return undefined;
    const doc = this.documents.get(uri);
    const why = doc ? undefined : this.rejected.get(uri);
    if (why !== undefined) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} was not opened: ${why}`);
    return doc;
  }

  /**
   * The connection as the document store sees it, with `didOpen` checked
   * first: a malformed one is logged once, in one line, and remembered, and
   * never reaches the store (whose document would fail every later request).
   */
  private checkedOpens(c: Connection): Connection {
    const checked = Object.create(c) as Connection;
    checked.onDidOpenTextDocument = (handler) =>
      c.onDidOpenTextDocument((params) => {
        const why = badOpen(params);
        const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
        if (why === null) {
          if (typeof uri === 'string') this.rejected.delete(uri);
          this.poll?.watch(uri as string);
          return handler(params);
        }
        c.console.error(`textDocument/didOpen ignored: ${why}`);
        if (typeof uri === 'string') this.rejected.set(uri, why);
      });
    checked.onDidCloseTextDocument = (handler) =>
      c.onDidCloseTextDocument((params) => {
        const uri = params?.textDocument?.uri;
        if (typeof uri === 'string') this.rejected.delete(uri);
        return handler(params);
      });
    return checked;
  }

  /** Runs a handler; logs and answers `fallback` on failure (cancellation is passed on). */
  private async guard<T>(name: string, fallback: T, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      this.connection.console.error(`${name} failed: ${(error as Error)?.stack ?? error}`);
      return fallback;
    }
  }
}

/** Why `didOpen` params are malformed, or null when they are well-formed. */
export function badOpen(params: unknown): string | null {
  const td = (params as { textDocument?: unknown } | null | undefined)?.textDocument as Record<string, unknown> | null | undefined;
  if (!td || typeof td !== 'object') return 'no textDocument';
  if (typeof td.uri !== 'string' || !td.uri) return 'textDocument.uri is not a string';
  if (typeof td.text !== 'string') return `textDocument.text of ${td.uri} is ${td.text === null ? 'null' : typeof td.text}, not a string`;
  if (typeof td.version !== 'number' || !Number.isInteger(td.version)) return `textDocument.version of ${td.uri} is not an integer`;
  return null;
}
