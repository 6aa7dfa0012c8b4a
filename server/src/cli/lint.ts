import { parseArgs } from 'node:util';
import type { Locale } from '../core/index.js';
import { palette, wantsColor } from './color.js';
import { formatGithub, formatText, toJson, type FileFinding, type RunCounts } from './formats.js';
import { analyseInputs, countedProblems, localeOption, todayOption, UsageError, type CliIo } from './inputs.js';
import { formatSarif } from './sarif.js';

export type { JsonFinding } from './formats.js';
export type { CliIo } from './inputs.js';

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
  const analysed = await analyseInputs({ ...options, digests: 'when-referenced' }, io, counts, countedProblems(program, io, counts, fail));
  if (!analysed) return 2;
  const found: FileFinding[] = [];
  for (const { input, result } of analysed) {
    if (!result?.isCallNote) continue;
    for (const finding of result.findings) found.push({ file: input.display, finding });
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
  const today = todayOption(v.today);
  const locale = localeOption(v.locale, io.env);
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
