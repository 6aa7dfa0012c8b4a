import { runFollowups } from './followups.js';
import { runReport } from './report.js';
import { runCli, type CliIo } from './lint.js';

/** A subcommand of `mot`: one line for `mot --help`, and what runs it. */
export interface Subcommand {
  summary: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/**
 * The subcommands of `mot`, in the order `mot --help` lists them. A new
 * command is one entry here (its module does the rest).
 */
export const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  lint: { summary: 'lint call notes against the MOT steps (the same as mot-lint)', run: (argv, io) => runCli(argv, io, 'mot lint') },
  followups: { summary: 'list every open commitment of the notes, most urgent first', run: (argv, io) => runFollowups(argv, io) },
  report: { summary: 'per customer: calls, score trend, confirmations, open commitments (html, markdown, json)', run: (argv, io) => runReport(argv, io) },
};

/** The help text of `mot`. */
export function motUsage(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((n) => n.length)) + 2;
  const list = Object.entries(SUBCOMMANDS)
    .map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`)
    .join('\n');
  return `Usage: mot <command> [options]

Commands:
${list}

Run "mot <command> --help" for the options of a command.
  -h, --help     show this help
  -v, --version  show the version`;
}

/** Runs `mot` with `argv` (without node and script): the subcommand named first gets the rest; resolves to the exit code. */
export async function runMot(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '-h' || name === '--help' || name === 'help') {
    io.stdout(`${motUsage()}\n`);
    return 0;
  }
  if (name === '-v' || name === '--version') {
    io.stdout(`${io.version}\n`);
    return 0;
  }
  const command = name !== undefined && Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`mot: ${name === undefined ? 'no command given' : `unknown command "${name}"`}\n\n${motUsage()}\n`);
    return 2;
  }
  return command.run(rest, io);
}
