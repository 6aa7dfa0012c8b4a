import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, isAbsolute, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { glob, isDynamicPattern } from 'tinyglobby';
import { analyze, ConfigError, localToday, type Finding, type Locale, type Severity } from '../core/index.js';
import { ConfigResolver, describeFsError, loadConfigFile } from '../node/configFiles.js';

/** Where the CLI writes, so tests can run it in-process. */
export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  version: string;
}

/** One finding as `--format json` prints it: exactly these fields. */
export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  rule: string;
  message: string;
}

const USAGE = `Usage: mot-lint [options] <files, folders or globs…>

Lints Markdown call notes against the Moment of Truth steps
(Explore → Offer → Action → Confirm). Folders are searched for *.md,
skipping node_modules and .git.

Options:
  --format text|json   output format (default: text)
  --today YYYY-MM-DD   the date overdue actions are measured against (default: today)
  --config FILE        use this configuration instead of the nearest .motrc.json
  --locale en|zh-cn    language of the messages (default: from LANG)
  -h, --help           show this help
  -v, --version        show the version

Exit codes: 0 no errors, 1 an error finding, 2 a usage or input error.`;

class UsageError extends Error {}

/** Runs `mot-lint` with `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let options: { format: 'text' | 'json'; today: string; config?: string; locale: Locale; paths: string[] };
  try {
    const parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        today: { type: 'string' },
        config: { type: 'string' },
        locale: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
    if (parsed.values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (parsed.values.version) {
      io.stdout(`${io.version}\n`);
      return 0;
    }
    const format = parsed.values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be "text" or "json", not "${format}"`);
    const today = parsed.values.today ?? localToday();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(`${today}T00:00:00Z`))) {
      throw new UsageError(`--today must be a date written YYYY-MM-DD, not "${today}"`);
    }
    const locale = parsed.values.locale ?? localeFromEnv(io.env);
    if (locale !== 'en' && locale !== 'zh-cn') throw new UsageError(`--locale must be "en" or "zh-cn", not "${locale}"`);
    if (!parsed.positionals.length) throw new UsageError('no files, folders or globs given');
    options = { format, today, config: parsed.values.config, locale, paths: parsed.positionals };
  } catch (error) {
    const message = error instanceof UsageError ? error.message : (error as Error).message;
    io.stderr(`mot-lint: ${message}\n\n${USAGE}\n`);
    return 2;
  }

  let inputError = false;
  const fail = (message: string) => {
    inputError = true;
    io.stderr(`mot-lint: ${message}\n`);
  };

  if (options.config) {
    try {
      loadConfigFile(resolve(io.cwd, options.config));
    } catch (error) {
      fail(error instanceof ConfigError ? `invalid configuration: ${error.message}` : String(error));
      return 2;
    }
  }
  const resolver = new ConfigResolver({
    explicitFile: options.config ? resolve(io.cwd, options.config) : undefined,
    defaultRoot: io.cwd,
  });

  const files = await expand(options.paths, io.cwd, fail);
  const results: { file: string; findings: Finding[] }[] = [];
  let notes = 0;
  for (const file of files) {
    const abs = resolve(io.cwd, file);
    const text = readNote(abs, file, fail);
    if (text === null) continue;
    let resolved;
    try {
      resolved = resolver.resolve(abs);
    } catch (error) {
      fail(error instanceof ConfigError ? `${file}: invalid configuration: ${error.message}` : String(error));
      continue;
    }
    try {
      const analysis = analyze(text, {
        path: abs,
        rootDir: resolved.rootDir,
        config: resolved.config,
        today: options.today,
        locale: options.locale,
        onRuleError: (rule, error) => fail(`${file}: rule ${rule} failed: ${(error as Error)?.stack ?? error}`),
      });
      if (!analysis.isCallNote) continue;
      notes++;
      results.push({ file, findings: analysis.findings });
    } catch (error) {
      // The analysis is built never to throw; if it does, one file must not stop the run.
      fail(`${file}: internal error while analysing: ${(error as Error)?.stack ?? error}`);
    }
  }

  const all = results.flatMap(({ file, findings }) => findings.map((f) => toJson(file, f)));
  if (options.format === 'json') io.stdout(`${JSON.stringify(all, null, 2)}\n`);
  else io.stdout(formatText(all, files.length, notes, options.locale));

  if (inputError) return 2;
  return all.some((f) => f.severity === 'error') ? 1 : 0;
}

function localeFromEnv(env: Record<string, string | undefined>): Locale {
  const lang = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(lang) ? 'zh-cn' : 'en';
}

/** Expands files, folders and globs into display paths (relative to cwd, `/`-separated), in a stable order. */
async function expand(args: string[], cwd: string, fail: (m: string) => void): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (display: string) => {
    const key = resolve(cwd, display);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(display);
  };
  for (const arg of args) {
    let stat;
    try {
      stat = statSync(resolve(cwd, arg));
    } catch (error) {
      if (isDynamicPattern(arg)) {
        const matches = await glob(arg, { cwd, ignore: ['**/node_modules/**', '**/.git/**'], dot: true, followSymbolicLinks: false });
        if (!matches.length) fail(`${arg}: no files match this glob`);
        for (const m of matches.sort()) add(m);
      } else fail(`${arg}: ${describeFsError(error)}`);
      continue;
    }
    if (stat.isDirectory()) {
      const base = resolve(cwd, arg);
      const matches = await glob('**/*.{md,markdown}', {
        cwd: base,
        ignore: ['**/node_modules/**', '**/.git/**'],
        dot: true,
        followSymbolicLinks: false,
      });
      for (const m of matches.sort()) add(displayPath(cwd, join(base, m)));
    } else add(displayPath(cwd, resolve(cwd, arg)));
  }
  return out;
}

function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
  return shown.split(sep).join('/');
}

/** Reads a note as UTF-8; reports binary, non-UTF-8 and unreadable files and returns null for them. */
function readNote(abs: string, display: string, fail: (m: string) => void): string | null {
  let bytes: Buffer;
  try {
    // A FIFO would block the read forever, a device like /dev/zero never end.
    if (!statSync(abs).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
    bytes = readFileSync(abs);
  } catch (error) {
    fail(`${display}: cannot read (${describeFsError(error)})`);
    return null;
  }
  if (bytes.subarray(0, 8000).includes(0)) {
    fail(`${display}: looks like a binary file (it contains NUL bytes); skipped`);
    return null;
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.replace(/^\uFEFF/, '');
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, at));
    const lines = before.split(/\r\n|\r|\n/);
    fail(`${display}:${lines.length}:${lines[lines.length - 1].length + 1}: not valid UTF-8 (byte 0x${bytes[at]?.toString(16).padStart(2, '0')} at offset ${at}); save the file as UTF-8`);
    return null;
  }
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if ((bytes[i + k] ?? 0) >> 6 !== 2) return i;
    // Overlong forms, surrogates and code points past U+10FFFF.
    if ((b === 0xe0 && bytes[i + 1] < 0xa0) || (b === 0xed && bytes[i + 1] > 0x9f)) return i;
    if ((b === 0xf0 && bytes[i + 1] < 0x90) || (b === 0xf4 && bytes[i + 1] > 0x8f)) return i;
    i += need + 1;
  }
  return i;
}

function toJson(file: string, f: Finding): JsonFinding {
  return {
    file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    severity: f.severity,
    rule: f.rule,
    message: f.message,
  };
}

function formatText(findings: JsonFinding[], fileCount: number, noteCount: number, locale: Locale): string {
  const lines = findings.map((f) => `${f.file}:${f.line}:${f.column}  ${f.severity}  ${f.message}  ${f.rule}`);
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const filesWith = new Set(findings.map((f) => f.file)).size;
  let summary: string;
  if (locale === 'zh-cn') {
    summary = findings.length
      ? `共 ${findings.length} 个问题（错误 ${count('error')}，警告 ${count('warning')}，提示 ${count('info') + count('hint')}），分布在 ${filesWith} 个文件中；检查了 ${noteCount} 篇通话记录（共 ${fileCount} 个文件）。`
      : `没有发现问题：检查了 ${noteCount} 篇通话记录（共 ${fileCount} 个文件）。`;
  } else {
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    summary = findings.length
      ? `${plural(findings.length, 'problem')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info') + count('hint'), 'info')}) in ${plural(filesWith, 'file')}; ${plural(noteCount, 'call note')} checked of ${plural(fileCount, 'file')}.`
      : `No problems: ${plural(noteCount, 'call note')} checked of ${plural(fileCount, 'file')}.`;
  }
  return `${lines.join('\n')}${lines.length ? '\n\n' : ''}${summary}\n`;
}
