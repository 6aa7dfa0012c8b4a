import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, crossNoteEdits, localToday, matchesFiles, matcherFor, parseLocale, resolveCrossNotes, type Locale, type MotConfig } from '../core/index.js';
import { mayHoldCall } from '../core/prefilter.js';
import { ConfigResolver, describeFsError, loadConfigFile } from '../node/configFiles.js';
import { cacheFile, hashText, LintCache } from './cache.js';
import { decodeNote, displayPath, expandPaths, readNote, type NoteText } from './files.js';
import type { RunCounts } from './formats.js';
import type { CliFinding, JobResult, LintJob } from './job.js';
import { runJobs, threadCount, workerScript } from './pool.js';

/** Where the CLI reads and writes, so tests can run it in-process. */
export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  version: string;
  /** What identifies this build for `--cache` (a rebuild with the same version must not reuse results); the version when absent. */
  build?: string;
  /** Whether standard output is a terminal (colours). */
  isTTY?: boolean;
  /** Reads all of standard input, for `--stdin` and `-`. */
  readStdin?: () => Promise<Buffer>;
}

/** A command-line mistake: the message is for the user, followed by the usage. */
export class UsageError extends Error {}

/** One file (or standard input) to analyse, as read. */
export interface Input {
  display: string;
  /** Absolute path; absent for standard input without `--stdin-filename`. */
  abs?: string;
  /** Null when it could not be read. */
  note: NoteText | null;
}

/** An input and what its analysis gave (null when it could not be read or checked). */
export interface AnalysedInput {
  input: Input;
  result: JobResult | null;
  /** The configuration in force for it (null when none could be read). */
  config: MotConfig | null;
  /** `callIndex:offerId` of its offers other inputs confirm, or only plan to ({@link DigestedNote}). */
  coveredElsewhere?: ReadonlySet<string>;
  plannedElsewhere?: ReadonlySet<string>;
}

/** What to read and how to analyse it: the part of the options `mot lint` and `mot followups` share. */
export interface AnalyseOptions {
  paths: string[];
  stdin?: boolean;
  stdinFilename?: string;
  today: string;
  /** `--config`: one configuration file for every input. */
  config?: string;
  fix?: boolean;
  /** `--cache`, and `--cache-location` (standard input is never cached). */
  cache?: boolean;
  cacheLocation?: string;
  /**
   * Which results need the note's digest: every call note's (follow-ups), or
   * only when some input writes a cross-note reference (`O1@2026-11-10`), so
   * that a run without any costs nothing more.
   */
  digests: 'always' | 'when-referenced';
}

/** How a run reports a problem with an input: counted, and shown on stderr. */
export interface Problems {
  /** A path or file that could not be read. */
  unreadable(message: string): void;
  /** A file read but not checked (bad configuration, internal error). */
  unchecked(message: string): void;
  /** Anything else to say on stderr that makes the run fail (a rule that threw, a fix not written). */
  failed(message: string): void;
  /** A note on stderr that does not change the exit code. */
  note(message: string): void;
}

/** The usual {@link Problems}: each counted where `counts` says, and each failing one passed to `fail` (which shows it). */
export function countedProblems(program: string, io: CliIo, counts: RunCounts, fail: (message: string) => void): Problems {
  return {
    unreadable: (m) => {
      counts.unreadable++;
      fail(m);
    },
    unchecked: (m) => {
      counts.unchecked++;
      fail(m);
    },
    failed: fail,
    note: (m) => io.stderr(`${program}: ${m}\n`),
  };
}

/** Whether a text writes a cross-note reference; cheap enough to ask of every input. */
const CROSS_REF = /O\d+@\d{4}-\d{2}-\d{2}/;

/**
 * Reads the inputs (paths expanded, or standard input), resolves each one's
 * configuration, keeps what the cache or the line scan settles, analyses the
 * rest in the worker pool, writes `--fix` results and updates the cache;
 * then, when digests were made, applies the cross-note references among the
 * inputs to the findings (after caching them, so the cache holds each file's
 * own result). Returns null when `--config` names an unusable file.
 */
export async function analyseInputs(options: AnalyseOptions, io: CliIo, counts: RunCounts, problems: Problems): Promise<AnalysedInput[] | null> {
  if (options.config) {
    try {
      loadConfigFile(resolve(io.cwd, options.config));
    } catch (error) {
      problems.failed(error instanceof ConfigError ? `invalid configuration: ${error.message}` : String(error));
      return null;
    }
  }
  const resolver = new ConfigResolver({ explicitFile: options.config ? resolve(io.cwd, options.config) : undefined, defaultRoot: io.cwd });
  const inputs = await readInputs(options, io, problems.unreadable);
  counts.files = inputs.length;
  const digest = options.digests === 'always' || inputs.some((i) => i.note !== null && CROSS_REF.test(i.note.text));
  const cache = options.cache && !options.stdin ? LintCache.load(cacheFile(io.cwd, options.cacheLocation)) : null;
  const tool = io.build ?? io.version;
  const fix = !!options.fix;
  const settled = new Map<number, JobResult>();
  const configs = new Map<number, MotConfig>();
  const jobs: LintJob[] = [];
  const keys = new Map<number, { hash: string; key: string }>();
  const none = (id: number): JobResult => ({ id, isCallNote: false, findings: [], ruleErrors: [], ...(fix ? { fixed: null } : {}) });
  inputs.forEach((input, id) => {
    if (!input.note) return;
    let resolved;
    try {
      resolved = resolver.resolve(input.abs ?? resolve(io.cwd, 'stdin.md'));
    } catch (error) {
      problems.unchecked(error instanceof ConfigError ? `${input.display}: invalid configuration: ${error.message}` : String(error));
      return;
    }
    configs.set(id, resolved.config);
    const { text } = input.note;
    if (cache && input.abs) {
      const hash = hashText(text);
      const key = cache.key(tool, options.today, resolved.config, resolved.rootDir);
      keys.set(id, { hash, key });
      const hit = cache.get(input.abs, hash, key, fix, digest);
      if (hit) {
        // Remembered as it is: writing the same entry back would cost a comparison per file.
        keys.delete(id);
        settled.set(id, { ...none(id), isCallNote: hit.isCallNote, findings: hit.findings, ...(hit.digest ? { digest: hit.digest } : {}) });
        return;
      }
    }
    const byPath = input.abs ? matchesFiles(input.abs, resolved.config.files, resolved.rootDir) : false;
    if (!byPath && !mayHoldCall(text, matcherFor(resolved.config))) {
      settled.set(id, none(id));
      return;
    }
    jobs.push({ id, path: input.abs, text, rootDir: resolved.rootDir, config: resolved.config, today: options.today, fix, digest });
  });
  for (const r of await runJobs(jobs, { threads: threadCount(io.env), script: workerScript() })) settled.set(r.id, r);

  const out: AnalysedInput[] = [];
  inputs.forEach((input, id) => {
    const result = settled.get(id) ?? null;
    const config = configs.get(id) ?? null;
    if (!result || !input.note) {
      out.push({ input, result: null, config });
      return;
    }
    for (const e of result.ruleErrors) problems.failed(`${input.display}: ${e}`);
    if (result.internalError) {
      problems.unchecked(`${input.display}: ${result.internalError}`);
      if (input.abs) cache?.delete(input.abs);
      out.push({ input, result: null, config });
      return;
    }
    let text = input.note.text;
    if (result.fixed && input.abs) {
      try {
        writeFileSync(input.abs, input.note.bom ? `\uFEFF${result.fixed}` : result.fixed);
        counts.fixed++;
        text = result.fixed;
      } catch (error) {
        problems.failed(`${input.display}: cannot write the fixed file (${describeFsError(error)})`);
      }
    }
    const k = keys.get(id);
    if (cache && input.abs && k && !result.ruleErrors.length) {
      const fixChecked = fix && result.fixed === null ? { fixChecked: true } : {};
      const digestEntry = result.digest ? { digest: result.digest } : {};
      cache.set(input.abs, { hash: text === input.note.text ? k.hash : hashText(text), key: k.key, isCallNote: result.isCallNote, findings: result.findings, ...fixChecked, ...digestEntry });
    }
    if (result.isCallNote) counts.notes++;
    out.push({ input, result, config });
  });
  if (cache) {
    const problem = cache.save();
    // The cache only saves time: a run that cannot keep it is still a good run.
    if (problem) problems.note(`cannot write the cache ${displayPath(io.cwd, cache.file)} (${problem}); the next run analyses every file again`);
  }
  if (digest) applyCrossNotesToInputs(out);
  return out;
}

/**
 * The cross-note references among the inputs (FORMAT.md "Cross-note
 * references"): a later note's confirmation clears an earlier note's
 * `unconfirmed-offer`, a reference to a call among the inputs that lacks the
 * offer is an `unknown-offer-ref`. Inputs are not the whole repository (a
 * pre-commit run passes the changed files only), so a reference to a call
 * that is not among them is left alone.
 */
function applyCrossNotesToInputs(analysed: AnalysedInput[]): void {
  const notes = analysed.flatMap(({ input, result }) =>
    result?.digest && result.isCallNote ? [{ key: input.display, folder: dirname(input.abs ?? input.display), digest: result.digest }] : [],
  );
  if (!notes.length) return;
  const cross = resolveCrossNotes(notes);
  for (const a of analysed) {
    const r = a.result;
    if (!r?.digest || !r.isCallNote) continue;
    const result = cross.get(a.input.display);
    if (!result) continue;
    const edits = crossNoteEdits(result, r.digest, a.config ?? { rules: {} });
    const added: CliFinding[] = edits.adds.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      line: f.start.line,
      column: f.start.column,
      endLine: f.end.line,
      endColumn: f.end.column,
      messages: f.messages,
      related: [],
    }));
    const kept = r.findings.flatMap((f) => {
      if (edits.drops(f.rule, f.line, f.column)) return [];
      const messages = edits.rewrites(f.rule, f.line, f.column);
      return messages ? [{ ...f, messages }] : [f];
    });
    const findings = added.length ? [...kept, ...added].sort((x, y) => x.line - y.line || x.column - y.column || (x.rule < y.rule ? -1 : x.rule > y.rule ? 1 : 0)) : kept;
    a.result = { ...r, findings };
    a.coveredElsewhere = result.coveredElsewhere;
    a.plannedElsewhere = result.plannedElsewhere;
  }
}

async function readInputs(options: AnalyseOptions, io: CliIo, fail: (m: string) => void): Promise<Input[]> {
  if (options.stdin) {
    const display = options.stdinFilename !== undefined ? displayPath(io.cwd, resolve(io.cwd, options.stdinFilename)) : '<stdin>';
    const abs = options.stdinFilename !== undefined ? resolve(io.cwd, options.stdinFilename) : undefined;
    let bytes: Buffer;
    try {
      if (!io.readStdin) throw new Error('no standard input');
      bytes = await io.readStdin();
    } catch (error) {
      fail(`${display}: cannot read standard input (${describeFsError(error)})`);
      return [{ display, abs, note: null }];
    }
    return [{ display, abs, note: decodeNote(bytes, display, fail) }];
  }
  const files = await expandPaths(options.paths, io.cwd, fail);
  return files.map((display) => {
    const abs = resolve(io.cwd, display);
    return { display, abs, note: readNote(abs, display, fail) };
  });
}

/** A date option (`--today`, `--due-before`), checked: YYYY-MM-DD and a real date. */
export function dateOption(name: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new UsageError(`${name} must be a date written YYYY-MM-DD, not "${value}"`);
  }
  return value;
}

/** `--today`, or the local date. */
export function todayOption(value: string | undefined): string {
  return dateOption('--today', value ?? localToday());
}

/**
 * `--locale`, or the language of the environment. The option names one of the
 * two languages the messages exist in ({@link parseLocale} reads any casing
 * and `_` or `-`: `zh-CN`, `zh_cn`, `EN-us`), so another language is a usage
 * error, not English.
 */
export function localeOption(value: string | undefined, env: Record<string, string | undefined>): Locale {
  if (value === undefined) return localeFromEnv(env);
  const locale = /^\s*(?:en|zh)(?:[-_]|\s*$)/i.test(value) ? parseLocale(value) : null;
  if (!locale) throw new UsageError(`--locale must be "en" or "zh-cn" (any casing, "_" or "-"), not "${value}"`);
  return locale;
}

function localeFromEnv(env: Record<string, string | undefined>): Locale {
  // LANG is written `zh_CN.UTF-8`: the encoding does not name a language.
  const lang = (env.LC_ALL || env.LC_MESSAGES || env.LANG || '').replace(/[.@].*$/, '');
  return parseLocale(lang) ?? 'en';
}
