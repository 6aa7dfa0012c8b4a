import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, localToday, matchesFiles, matcherFor, parseLocale, type Locale } from '../core/index.js';
import { mayHoldCall } from '../core/prefilter.js';
import { ConfigResolver, describeFsError, loadConfigFile } from '../node/configFiles.js';
import { cacheFile, hashText, LintCache } from './cache.js';
import { palette, wantsColor } from './color.js';
import { decodeNote, displayPath, expandPaths, readNote, type NoteText } from './files.js';
import { formatGithub, formatText, toJson, type FileFinding, type RunCounts } from './formats.js';
import type { JobResult, LintJob } from './job.js';
import { runJobs, threadCount, workerScript } from './pool.js';
import { formatSarif } from './sarif.js';

export type { JsonFinding } from './formats.js';

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

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

/** The options of one run, checked. */
interface Options {
  format: Format;
  today: string;
  config?: string;
  locale: Locale;
  paths: string[];
  maxWarnings: number | null;
  cache: boolean;
  cacheLocation?: string;
  fix: boolean;
  stdin: boolean;
  stdinFilename?: string;
}

/** The help text; `program` is `mot-lint` or `mot lint`. */
export function usage(program: string): string {
  return `Usage: ${program} [options] <files, folders or globs…>

Lints Markdown call notes against the Moment of Truth steps
(Explore → Offer → Action → Confirm). Folders are searched for *.md,
skipping node_modules and .git.

Options:
  --format FORMAT          text (default), json, sarif (SARIF 2.1.0 for code
                           scanning) or github (GitHub Actions annotations)
  --today YYYY-MM-DD       the date overdue actions are measured against (default: today)
  --config FILE            use this configuration instead of the nearest .motrc.json
  --locale en|zh-cn        language of the messages (default: from LANG)
  --max-warnings N         exit 1 also when there are more than N warnings
  --cache                  only analyse files that changed since the last run
  --cache-location PATH    the cache file or folder (default: .motcache beside the
                           nearest .motrc.json, or in the current folder)
  --fix                    apply the safe fixes (step typos, missing steps) to the
                           files, then report what is left
  --stdin                  lint standard input (also: - as the path)
  --stdin-filename PATH    the path standard input is linted as
  -h, --help               show this help
  -v, --version            show the version

Exit codes: 0 no errors, 1 an error finding (or too many warnings),
2 a usage or input error.`;
}

class UsageError extends Error {}

/** Runs `mot-lint` with `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo, program = 'mot-lint'): Promise<number> {
  let options: Options;
  try {
    const parsed = parseOptions(argv, io);
    if (parsed === 'help') {
      io.stdout(`${usage(program)}\n`);
      return 0;
    }
    if (parsed === 'version') {
      io.stdout(`${io.version}\n`);
      return 0;
    }
    options = parsed;
  } catch (error) {
    io.stderr(`${program}: ${(error as Error).message}\n\n${usage(program)}\n`);
    return 2;
  }

  const notifications: string[] = [];
  const counts: RunCounts = { files: 0, notes: 0, unreadable: 0, unchecked: 0, fixed: 0, fix: options.fix };
  const fail = (message: string) => {
    notifications.push(message);
    io.stderr(`${program}: ${message}\n`);
  };

  if (options.config) {
    try {
      loadConfigFile(resolve(io.cwd, options.config));
    } catch (error) {
      fail(error instanceof ConfigError ? `invalid configuration: ${error.message}` : String(error));
      return 2;
    }
  }
  const resolver = new ConfigResolver({ explicitFile: options.config ? resolve(io.cwd, options.config) : undefined, defaultRoot: io.cwd });

  // Read every input on this thread (cheap), keep what the cache or the line scan settles, analyse the rest.
  const inputs = await readInputs(options, io, (m) => {
    counts.unreadable++;
    fail(m);
  });
  counts.files = inputs.length;
  const cache = options.cache && !options.stdin ? LintCache.load(cacheFile(io.cwd, options.cacheLocation)) : null;
  const tool = io.build ?? io.version;
  const settled = new Map<number, JobResult>();
  const jobs: LintJob[] = [];
  const keys = new Map<number, { hash: string; key: string }>();
  inputs.forEach((input, id) => {
    if (!input.note) return;
    let resolved;
    try {
      resolved = resolver.resolve(input.abs ?? resolve(io.cwd, 'stdin.md'));
    } catch (error) {
      counts.unchecked++;
      fail(error instanceof ConfigError ? `${input.display}: invalid configuration: ${error.message}` : String(error));
      return;
    }
    const { text } = input.note;
    if (cache && input.abs) {
      const hash = hashText(text);
      const key = cache.key(tool, options.today, resolved.config, resolved.rootDir);
      keys.set(id, { hash, key });
      const hit = cache.get(input.abs, hash, key, options.fix);
      if (hit) {
        // Remembered as it is: writing the same entry back would cost a comparison per file.
        keys.delete(id);
        settled.set(id, { id, isCallNote: hit.isCallNote, findings: hit.findings, ruleErrors: [], ...(options.fix ? { fixed: null } : {}) });
        return;
      }
    }
    const byPath = input.abs ? matchesFiles(input.abs, resolved.config.files, resolved.rootDir) : false;
    if (!byPath && !mayHoldCall(text, matcherFor(resolved.config))) {
      settled.set(id, { id, isCallNote: false, findings: [], ruleErrors: [], ...(options.fix ? { fixed: null } : {}) });
      return;
    }
    jobs.push({ id, path: input.abs, text, rootDir: resolved.rootDir, config: resolved.config, today: options.today, fix: options.fix });
  });
  for (const r of await runJobs(jobs, { threads: threadCount(io.env), script: workerScript() })) settled.set(r.id, r);

  const found: FileFinding[] = [];
  inputs.forEach((input, id) => {
    const result = settled.get(id);
    if (!result || !input.note) return;
    for (const e of result.ruleErrors) fail(`${input.display}: ${e}`);
    if (result.internalError) {
      counts.unchecked++;
      fail(`${input.display}: ${result.internalError}`);
      if (input.abs) cache?.delete(input.abs);
      return;
    }
    let text = input.note.text;
    if (result.fixed && input.abs) {
      try {
        writeFileSync(input.abs, input.note.bom ? `\uFEFF${result.fixed}` : result.fixed);
        counts.fixed++;
        text = result.fixed;
      } catch (error) {
        fail(`${input.display}: cannot write the fixed file (${describeFsError(error)})`);
      }
    }
    const k = keys.get(id);
    if (cache && input.abs && k && !result.ruleErrors.length) {
      const fixChecked = options.fix && result.fixed === null ? { fixChecked: true } : {};
      cache.set(input.abs, { hash: text === input.note.text ? k.hash : hashText(text), key: k.key, isCallNote: result.isCallNote, findings: result.findings, ...fixChecked });
    }
    if (!result.isCallNote) return;
    counts.notes++;
    for (const finding of result.findings) found.push({ file: input.display, finding });
  });
  if (cache) {
    const problem = cache.save();
    // The cache only saves time: a run that cannot keep it is still a good run.
    if (problem) io.stderr(`${program}: cannot write the cache ${displayPath(io.cwd, cache.file)} (${problem}); the next run analyses every file again\n`);
  }

  switch (options.format) {
    case 'json':
      io.stdout(`${JSON.stringify(toJson(found, options.locale), null, 2)}\n`);
      break;
    case 'github':
      io.stdout(formatGithub(found, options.locale));
      break;
    case 'sarif':
      io.stdout(formatSarif(found, { version: io.version, cwd: io.cwd, locale: options.locale, notifications }));
      break;
    default:
      io.stdout(formatText(found, counts, options.locale, palette(wantsColor(io.env, io.isTTY ?? false))));
  }

  const warnings = found.filter((f) => f.finding.severity === 'warning').length;
  const tooManyWarnings = options.maxWarnings !== null && warnings > options.maxWarnings;
  if (tooManyWarnings) io.stderr(`${program}: ${warnings} warnings, more than --max-warnings ${options.maxWarnings} allows\n`);
  if (notifications.length) return 2;
  return found.some((f) => f.finding.severity === 'error') || tooManyWarnings ? 1 : 0;
}

/** One file (or standard input) to lint, as read. */
interface Input {
  display: string;
  /** Absolute path; absent for standard input without `--stdin-filename`. */
  abs?: string;
  /** Null when it could not be read. */
  note: NoteText | null;
}

async function readInputs(options: Options, io: CliIo, fail: (m: string) => void): Promise<Input[]> {
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

/** Parses and checks the command line; throws {@link UsageError} with a message for the user. */
function parseOptions(argv: string[], io: CliIo): Options | 'help' | 'version' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        today: { type: 'string' },
        config: { type: 'string' },
        locale: { type: 'string' },
        'max-warnings': { type: 'string' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        fix: { type: 'boolean' },
        stdin: { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (v.version) return 'version';
  const format = (v.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.map((f) => `"${f}"`).join(', ')}, not "${v.format}"`);
  const today = v.today ?? localToday();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(`${today}T00:00:00Z`))) {
    throw new UsageError(`--today must be a date written YYYY-MM-DD, not "${today}"`);
  }
  const locale = v.locale !== undefined ? cliLocale(v.locale) : localeFromEnv(io.env);
  if (!locale) throw new UsageError(`--locale must be "en" or "zh-cn" (any casing, "_" or "-"), not "${v.locale}"`);
  let maxWarnings: number | null = null;
  if (v['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(v['max-warnings'].trim())) throw new UsageError(`--max-warnings must be a whole number of warnings (0 or more), not "${v['max-warnings']}"`);
    maxWarnings = Number(v['max-warnings'].trim());
  }
  const dash = parsed.positionals.includes('-');
  const stdin = !!v.stdin || dash;
  const paths = parsed.positionals.filter((p) => p !== '-');
  if (stdin && paths.length) throw new UsageError('lint standard input (--stdin or -) or paths, not both');
  if (dash && parsed.positionals.length > 1) throw new UsageError('"-" (standard input) may be given only once');
  if (v['stdin-filename'] !== undefined && !stdin) throw new UsageError('--stdin-filename names the file standard input stands for: use it with --stdin or -');
  if (stdin && v.fix) throw new UsageError('--fix writes files; it cannot fix standard input');
  if (!stdin && !paths.length) throw new UsageError('no files, folders or globs given');
  return {
    format,
    today,
    config: v.config,
    locale,
    paths,
    maxWarnings,
    // A cache location asks for a cache.
    cache: !!v.cache || v['cache-location'] !== undefined,
    cacheLocation: v['cache-location'],
    fix: !!v.fix,
    stdin,
    stdinFilename: v['stdin-filename'],
  };
}

/**
 * A `--locale` value: {@link parseLocale} reads any casing and `_` or `-`
 * (`zh-CN`, `zh_cn`, `EN-us`); the option names one of the two languages the
 * messages exist in, so another language is a usage error, not English.
 */
function cliLocale(value: string): Locale | null {
  return /^\s*(?:en|zh)(?:[-_]|\s*$)/i.test(value) ? parseLocale(value) : null;
}

function localeFromEnv(env: Record<string, string | undefined>): Locale {
  // LANG is written `zh_CN.UTF-8`: the encoding does not name a language.
  const lang = (env.LC_ALL || env.LC_MESSAGES || env.LANG || '').replace(/[.@].*$/, '');
  return parseLocale(lang) ?? 'en';
}
