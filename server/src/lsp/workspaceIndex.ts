import { stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import {
  analyzeAsync,
  AnalysisCache,
  applyCrossNotesToShown,
  crossNoteEdits,
  digestNote,
  followUps,
  matcherFor,
  matchesFiles,
  topFindings,
  type Analysis,
  type AnalyzeOptions,
  type EditorFindings,
  type CrossNoteEdits,
  type DigestedNote,
  type FollowUp,
  type FollowUpFilter,
  type Locale,
  type MotConfig,
  type NoteDigest,
  resolveCrossNotes,
} from '../core/index.js';
import { mayHoldCall } from '../core/prefilter.js';
import { IGNORED_FOLDERS, markdownFilesUnder, readNote } from '../node/noteFiles.js';
import { uriToPath } from './paths.js';
import type { MotSettings } from './settings.js';

/**
 * What the index keeps of one call note: its digest and the findings an
 * editor is shown (capped at `mot.maxProblems`), never its text or model, so
 * that the index grows with the number of notes and not with their size.
 */
export interface IndexedNote {
  uri: string;
  /** The workspace folder (path) the note is in. */
  folder: string;
  digest: NoteDigest;
  shown: EditorFindings;
  /** Changes with every new analysis of the note: the `resultId` of its workspace diagnostic report. */
  resultId: string;
  /** Whether it was taken from an open editor (the text on disk may differ). */
  fromEditor: boolean;
  /** The rule severities that apply to it (for the findings other notes add) and the language of its messages. */
  rules: MotConfig['rules'];
  locale: Locale;
}

/** A workspace folder as the index reads it. */
interface FolderInfo {
  path: string;
  uri: string;
  settings: MotSettings;
  /** Whether a path relative to the folder is left out (`files.exclude`, `node_modules`, `.git`). */
  excluded: (relativePath: string) => boolean;
  exclude: string[];
}

/** Reports the progress of a long piece of work (LSP work-done progress), or does nothing. */
export interface ProgressReporter {
  report(percentage: number, message: string): void;
  done(): void;
}

/** What the index needs of the server: folders, settings, the analysis options, open documents, and whom to tell of changes. */
export interface WorkspaceIndexHost {
  /** The workspace folders' paths. */
  folders(): readonly string[];
  /** The settings that apply in a workspace folder (by its URI). */
  settings(folderUri: string): Promise<MotSettings>;
  /** The folder's `files.exclude` globs whose value is `true`, relative to it. */
  exclude(folderUri: string): Promise<string[]>;
  /** Path, configuration, today and locale for analysing a note. */
  analyzeOptions(uri: string, settings: MotSettings): AnalyzeOptions;
  /** Whether the editor has the document open (its text comes from the editor then, not the disk). */
  isOpen(uri: string): boolean;
  /** The index changed: these notes were added, analysed again or removed. */
  changed(uris: readonly string[]): void;
  /** Starts a progress display for the initial read, or null when the client has none. */
  progress(total: number): Promise<ProgressReporter | null>;
  log(message: string): void;
}

/**
 * What notes say about each other (`O1@2026-11-10`, FORMAT.md "Cross-note
 * references"), applied to one note: the offers another note covers and the
 * findings the references add.
 */
export interface CrossNoteEffect {
  /** `callIndex:offerId` keys of this note's offers that a later note confirms. */
  coveredElsewhere: ReadonlySet<string>;
  /** Those a later note only plans to confirm. */
  plannedElsewhere: ReadonlySet<string>;
  /** What happens to the note's findings: covered offers' findings go, unknown references are added. */
  edits: CrossNoteEdits;
  /** Changes when the effect does: a note whose effect changed gets a new `resultId`. */
  signature: string;
}

/**
 * Every call note under the workspace folders, read in the background after
 * start (the same folder search as `mot lint <folder>`, without the files
 * VS Code's `files.exclude` hides) and kept current from open documents and
 * watched-file events. One note is analysed at a time, with a pause for
 * other requests between notes (and inside large ones).
 */
export class WorkspaceIndex {
  private readonly notes = new Map<string, IndexedNote>();
  private folderInfos: FolderInfo[] = [];
  /** Bumped by every event about a note: a read of the disk started before the event is stale when it ends. */
  private readonly stamps = new Map<string, number>();
  private stamp = 0;
  private generation = 0;
  private lastResultId = 0;
  private readonly queue = new Set<string>();
  private draining: Promise<void> | null = null;
  private completed = false;
  private completion: Promise<void> = Promise.resolve();
  private crossNotes: Map<string, CrossNoteEffect> | null = null;
  private readonly signatures = new Map<string, string>();
  private disposed = false;

  constructor(private readonly host: WorkspaceIndexHost) {}

  /** Whether the initial read (or the last rebuild) has finished. */
  get complete(): boolean {
    return this.completed;
  }

  /** Resolves when the initial read (or the rebuild under way) has finished. */
  whenComplete(): Promise<void> {
    return this.completion;
  }

  /** The indexed call notes. */
  all(): IterableIterator<IndexedNote> {
    return this.notes.values();
  }

  get(uri: string): IndexedNote | undefined {
    return this.notes.get(uri);
  }

  /** The settings of the folder a note is in, or null outside the workspace folders. */
  folderSettings(uri: string): MotSettings | null {
    const path = uriToPath(uri);
    return path ? this.folderOf(path)?.settings ?? null : null;
  }

  /**
   * Reads every note of the workspace again (at start, and when settings,
   * `.motrc.json` or `files.exclude` changed). What was indexed stays until
   * the new read replaces it; notes that are gone are removed at the end.
   */
  rebuild(): Promise<void> {
    const generation = ++this.generation;
    this.completed = false;
    this.completion = this.scan(generation).catch((error) => this.host.log(`workspace index failed: ${(error as Error)?.stack ?? error}`));
    return this.completion;
  }

  /** A watched file was created or changed on disk: a note is read again, a new folder searched. */
  fileChanged(uri: string): void {
    this.touch(uri);
    this.enqueue(uri);
  }

  /** A watched file or folder was deleted. */
  fileDeleted(uri: string): void {
    const removed: string[] = [];
    const prefix = uri.endsWith('/') ? uri : `${uri}/`;
    for (const key of [...this.notes.keys()]) {
      if (key === uri || key.startsWith(prefix)) {
        this.touch(key);
        this.notes.delete(key);
        removed.push(key);
      }
    }
    this.touch(uri);
    this.changedNotes(removed);
  }

  /** An open document was analysed: its entry follows the editor's text. */
  fromEditor(uri: string, analysis: Analysis, settings: MotSettings, today: string): void {
    const path = uriToPath(uri);
    const folder = path ? this.folderOf(path) : undefined;
    if (!path || !folder || folder.excluded(relativePath(folder.path, path))) return;
    this.touch(uri);
    this.store(uri, folder, analysis, settings, today, true);
  }

  /** An open document was closed: its entry is read from the disk again (the editor's text may not have been saved). */
  closed(uri: string): void {
    if (!this.notes.has(uri)) {
      const path = uriToPath(uri);
      if (!path || !this.folderOf(path)) return;
    }
    this.fileChanged(uri);
  }

  /**
   * The follow-ups of the workspace, most urgent first, `file` being each
   * note's URI; with what other notes confirm taken into account.
   */
  followUps(filter: FollowUpFilter = {}): FollowUp[] {
    return followUps(this.digestedNotes(), filter);
  }

  /** Every indexed note's digest, `file` being its URI, with what other notes confirm of it (follow-ups, reports). */
  digestedNotes(): DigestedNote[] {
    const effects = this.crossNoteEffects();
    return [...this.notes.values()].map((n) => ({ file: n.uri, digest: n.digest, coveredElsewhere: effects.get(n.uri)?.coveredElsewhere, plannedElsewhere: effects.get(n.uri)?.plannedElsewhere }));
  }

  /**
   * The findings a note's diagnostics show: its own, as the note's analysis
   * gives them, adjusted for what other notes say about it.
   */
  diagnosticsOf(uri: string, own: EditorFindings): EditorFindings {
    const effect = this.crossNoteEffects().get(uri);
    const note = this.notes.get(uri);
    if (!effect || !note) return own;
    return applyCrossNotesToShown(own, effect.edits, note.locale);
  }

  /** Stops the work under way. */
  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.queue.clear();
  }

  /**
   * THE SEAM for cross-note references (issue 13, core part:
   * `server/src/core/workspace/crossNotes.ts`, input `{ key, folder, digest }[]`,
   * output per key the offers covered elsewhere and extra `unknown-offer-ref`
   * findings). It is computed once per change of the index, from every note's
   * digest, and applied in {@link followUps} and {@link diagnosticsOf}. Until
   * both branches are merged, no note covers another's offers.
   */
  private crossNoteEffects(): Map<string, CrossNoteEffect> {
    if (!this.crossNotes) {
      this.crossNotes = new Map();
      const notes = [...this.notes.values()];
      // Folder of the note itself: "same customer" falls back to the same folder (FORMAT.md).
      const resolved = resolveCrossNotes(
        notes.map((n) => ({ key: n.uri, folder: dirname(fileURLToPath(n.uri)), digest: n.digest })),
        { complete: this.completed },
      );
      for (const note of notes) {
        const r = resolved.get(note.uri);
        const edits = crossNoteEdits(r, note.digest, { rules: note.rules });
        const signature = r ? JSON.stringify([[...r.coveredElsewhere], [...r.plannedElsewhere], edits.adds.map((a) => [a.start.offset, a.severity, a.messages.en])]) : '';
        const before = this.signatures.get(note.uri) ?? '';
        if (signature !== before) {
          // What another note says changed this note's diagnostics: the client must not keep the old report.
          this.signatures.set(note.uri, signature);
          note.resultId = `w${++this.lastResultId}`;
        }
        this.crossNotes.set(note.uri, { coveredElsewhere: r?.coveredElsewhere ?? new Set(), plannedElsewhere: r?.plannedElsewhere ?? new Set(), edits, signature });
      }
    }
    return this.crossNotes;
  }

  private async scan(generation: number): Promise<void> {
    const stale = () => this.disposed || generation !== this.generation;
    const folders: FolderInfo[] = [];
    for (const path of this.host.folders()) {
      const uri = pathToFileURL(path).href;
      const [settings, exclude] = await Promise.all([this.host.settings(uri), this.host.exclude(uri)]);
      folders.push({ path, uri, settings, exclude, excluded: excluder(exclude) });
    }
    if (stale()) return;
    this.folderInfos = folders;
    const files: string[] = [];
    for (const folder of folders) {
      if (!folder.settings.enable) continue;
      try {
        for (const rel of await markdownFilesUnder(folder.path, globsFor(folder.exclude))) files.push(join(folder.path, rel));
      } catch (error) {
        this.host.log(`cannot search ${folder.path}: ${(error as Error)?.message ?? error}`);
      }
    }
    if (stale()) return;
    const progress = files.length ? await this.host.progress(files.length) : null;
    const seen = new Set<string>();
    let lastReport = 0;
    try {
      for (let i = 0; i < files.length; i++) {
        if (stale()) return;
        const uri = pathToFileURL(files[i]).href;
        seen.add(uri);
        await this.indexFile(uri, files[i], () => stale());
        if (progress && (Date.now() - lastReport > 100 || i === files.length - 1)) {
          lastReport = Date.now();
          progress.report(Math.round(((i + 1) * 100) / files.length), `${i + 1}/${files.length}`);
        }
        // Between two notes, whatever else waits (a hover, an edit) goes first.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      progress?.done();
    }
    if (stale()) return;
    const gone: string[] = [];
    for (const [uri, note] of this.notes) {
      if (!seen.has(uri) && !note.fromEditor) {
        this.notes.delete(uri);
        gone.push(uri);
      }
    }
    this.completed = true;
    // Told even when nothing was removed: "complete" itself is news to a view.
    this.crossNotes = null;
    this.host.changed(gone);
  }

  /** Reads and analyses one file of the disk; a file that is open, or an event about it during the read, wins over the result. */
  private async indexFile(uri: string, path: string, stale: () => boolean): Promise<void> {
    if (this.host.isOpen(uri)) return;
    const folder = this.folderOf(path);
    const before = this.stamps.get(uri);
    const obsolete = () => stale() || this.stamps.get(uri) !== before || this.host.isOpen(uri);
    const drop = () => {
      if (this.notes.delete(uri)) this.changedNotes([uri]);
    };
    if (!folder || !folder.settings.enable || folder.excluded(relativePath(folder.path, path))) return drop();
    let problem = '';
    const note = readNote(path, path, (message) => (problem = message));
    if (!note) {
      // Deleted since the search, unreadable, binary or not UTF-8: no note to show, one log line.
      if (problem && !/ENOENT|no such file/i.test(problem)) this.host.log(`workspace index: ${problem}`);
      return drop();
    }
    const settings = folder.settings;
    const options = this.host.analyzeOptions(uri, settings);
    const config = options.config;
    const byPath = !!config && matchesFiles(path, config.files, options.rootDir);
    // Most Markdown in a repository (READMEs, docs) holds no call: a line scan says so without a parse.
    if (config && !byPath && !mayHoldCall(note.text, matcherFor(config))) return drop();
    let analysis: Analysis | undefined;
    try {
      analysis = await analyzeAsync(note.text, { ...options, cache: new AnalysisCache(), isCancelled: obsolete });
    } catch (error) {
      this.host.log(`workspace index: ${path}: internal error while analysing: ${(error as Error)?.stack ?? error}`);
      return drop();
    }
    if (!analysis || obsolete()) return;
    if (!analysis.isCallNote) return drop();
    this.store(uri, folder, analysis, settings, options.today ?? '', false);
  }

  private store(uri: string, folder: FolderInfo, analysis: Analysis, settings: MotSettings, today: string, fromEditor: boolean): void {
    if (!analysis.isCallNote) {
      if (this.notes.delete(uri)) this.changedNotes([uri]);
      return;
    }
    const top = topFindings(analysis, settings.maxProblems);
    // `data` holds facts for quick fixes, which the index never computes.
    const shown = { ...top, findings: top.findings.map(({ data: _data, ...f }) => f) };
    const options = this.host.analyzeOptions(uri, settings);
    this.notes.set(uri, {
      uri,
      folder: folder.path,
      digest: digestNote(analysis, today),
      shown,
      resultId: `w${++this.lastResultId}`,
      fromEditor,
      rules: options.config?.rules ?? {},
      locale: options.locale ?? 'en',
    });
    this.changedNotes([uri]);
  }

  private enqueue(uri: string): void {
    this.queue.add(uri);
    if (!this.draining) {
      this.draining = this.drain().finally(() => {
        this.draining = null;
        if (this.queue.size && !this.disposed) this.enqueue([...this.queue][0]);
      });
    }
  }

  private async drain(): Promise<void> {
    while (this.queue.size && !this.disposed) {
      const uri = this.queue.values().next().value as string;
      this.queue.delete(uri);
      const generation = this.generation;
      try {
        await this.refresh(uri, () => this.disposed || generation !== this.generation);
      } catch (error) {
        this.host.log(`workspace index: ${uri}: ${(error as Error)?.stack ?? error}`);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** One changed path: a Markdown file is read again; a folder (created, or renamed into place) is searched. */
  private async refresh(uri: string, stale: () => boolean): Promise<void> {
    const path = uriToPath(uri);
    if (!path) return;
    const folder = this.folderOf(path);
    if (!folder) return;
    let info;
    try {
      info = await stat(path);
    } catch {
      // Gone again before it could be read (a temporary file of a save).
      return this.fileDeleted(uri);
    }
    if (info.isDirectory()) {
      if (folder.excluded(relativePath(folder.path, path))) return;
      for (const rel of await markdownFilesUnder(path, globsFor(folder.exclude))) this.enqueue(pathToFileURL(join(path, rel)).href);
      return;
    }
    if (!/\.(md|markdown)$/i.test(path)) return;
    await this.indexFile(uri, path, stale);
  }

  private folderOf(path: string): FolderInfo | undefined {
    let best: FolderInfo | undefined;
    for (const f of this.folderInfos) {
      if ((path === f.path || path.startsWith(f.path.endsWith(sep) ? f.path : f.path + sep)) && (!best || f.path.length > best.path.length)) best = f;
    }
    return best;
  }

  private touch(uri: string): void {
    this.stamps.set(uri, ++this.stamp);
  }

  private changedNotes(uris: string[]): void {
    if (!uris.length) return;
    this.crossNotes = null;
    this.host.changed(uris);
  }
}

function relativePath(folder: string, path: string): string {
  return relative(folder, path).split(sep).join('/');
}

/** `files.exclude` globs name files or folders: `**\/.history` hides everything under it too. */
function globsFor(exclude: readonly string[]): string[] {
  return exclude.flatMap((g) => {
    const glob = g.replace(/\/+$/, '');
    return glob.endsWith('/**') ? [glob] : [glob, `${glob}/**`];
  });
}

function excluder(exclude: readonly string[]): (relativePath: string) => boolean {
  const isMatch = picomatch([...IGNORED_FOLDERS, ...globsFor(exclude)], { dot: true });
  return (p) => isMatch(p);
}
