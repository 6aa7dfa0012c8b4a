import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { buildReport, renderHtml, renderMarkdown, type Locale, type ReportData } from '../core/index.js';
import { describeFsError } from '../node/configFiles.js';
import { startDigestedRun } from './digested.js';
import { dateOption, localeOption, todayOption, UsageError, type CliIo } from './inputs.js';

const FORMATS = ['html', 'markdown', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface Options {
  format: Format;
  out?: string;
  today: string;
  since?: string;
  until?: string;
  config?: string;
  locale: Locale;
  paths: string[];
}

/** The help text of `mot report`. */
export function reportUsage(program = 'mot report'): string {
  return `Usage: ${program} [options] [files, folders or globs…]

Summarises the call notes per customer: every call with its date, score and
steps, the score trend, the share of calls with a confirmation, open and
overdue commitments per owner, negative calls with no repair. With --since
(and --until) it is the digest of that period, e.g. the weekly review.
Folders (default: the current one) are searched for *.md, skipping
node_modules and .git.

Options:
  --since YYYY-MM-DD   only calls (and commitments) from this date on
  --until YYYY-MM-DD   only calls (and commitments) up to this date
  --format FORMAT      html (one self-contained page), markdown or json (the data
                       behind both); default: from --out's extension, else markdown
  --out FILE           write the report to FILE instead of standard output
  --today YYYY-MM-DD   the date overdue actions are measured against (default: today)
  --config FILE        use this configuration instead of the nearest .motrc.json
  --locale en|zh-cn    language of the report (default: from LANG)
  -h, --help           show this help

Exit codes: 0 the report was written, 2 a usage or input error (the report
is still written when some notes could not be read; they are named on stderr).`;
}

/** Runs `mot report` with `argv`; resolves to the exit code. */
export async function runReport(argv: string[], io: CliIo, program = 'mot report'): Promise<number> {
  const started = await startDigestedRun(argv, io, program, parseOptions, reportUsage);
  if (typeof started === 'number') return started;
  const { options, run } = started;
  const data = buildReport(run.notes, { today: options.today, since: options.since, until: options.until });
  const outAbs = options.out === undefined ? undefined : resolve(io.cwd, options.out);
  const text = render(data, options, linker(io.cwd, outAbs));
  if (outAbs === undefined) {
    io.stdout(text);
  } else {
    try {
      mkdirSync(dirname(outAbs), { recursive: true });
      writeFileSync(outAbs, text);
    } catch (error) {
      io.stderr(`${program}: ${options.out}: cannot write the report: ${describeFsError(error)}\n`);
      return 2;
    }
    io.stderr(`${program}: wrote ${options.out} (${data.totals.calls} calls of ${data.totals.customers} customers)\n`);
  }
  return run.failed ? 2 : 0;
}

function render(data: ReportData, options: Options, link: (file: string, line: number) => string): string {
  switch (options.format) {
    case 'json':
      return `${JSON.stringify(data, null, 2)}\n`;
    case 'html':
      return renderHtml(data, { locale: options.locale, link });
    default:
      return renderMarkdown(data, { locale: options.locale, link });
  }
}

/**
 * Links from the report to the notes: relative to the folder the report is
 * written in (so the page and its notes can move together), or to the
 * working directory on standard output; `#L12` opens the line on GitHub.
 */
function linker(cwd: string, outAbs: string | undefined): (file: string, line: number) => string {
  return (file, line) => {
    const path = outAbs === undefined ? file : relative(dirname(outAbs), resolve(cwd, file)).split(sep).join('/');
    return `${encodeURI(path).replace(/#/g, '%23').replace(/\?/g, '%3F')}#L${line}`;
  };
}

function parseOptions(argv: string[], io: CliIo): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        since: { type: 'string' },
        until: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string', short: 'o' },
        today: { type: 'string' },
        config: { type: 'string' },
        locale: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (v.out !== undefined && !v.out.trim()) throw new UsageError('--out needs a file name');
  const format = (v.format ?? formatFromName(v.out) ?? 'markdown') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.map((f) => `"${f}"`).join(', ')}, not "${v.format}"`);
  const since = v.since === undefined ? undefined : dateOption('--since', v.since);
  const until = v.until === undefined ? undefined : dateOption('--until', v.until);
  if (since && until && since > until) throw new UsageError(`--since ${since} is after --until ${until}: the period is empty`);
  return {
    format,
    out: v.out,
    today: todayOption(v.today),
    since,
    until,
    config: v.config,
    locale: localeOption(v.locale, io.env),
    paths: parsed.positionals.length ? parsed.positionals : ['.'],
  };
}

function formatFromName(out: string | undefined): Format | undefined {
  if (!out) return undefined;
  if (/\.html?$/i.test(out)) return 'html';
  if (/\.json$/i.test(out)) return 'json';
  if (/\.(md|markdown)$/i.test(out)) return 'markdown';
  return undefined;
}
