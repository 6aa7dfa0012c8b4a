import type { DigestedNote } from '../core/index.js';
import type { RunCounts } from './formats.js';
import { analyseInputs, countedProblems, type CliIo } from './inputs.js';

/** What a command built on the notes' digests (`mot followups`, `mot report`) starts from. */
export interface DigestedRun {
  /** The notes read, each named as the user gave it, with what other inputs confirm of it. */
  notes: DigestedNote[];
  counts: RunCounts;
  /** Some input could not be read or checked (named on stderr): the command still answers, then exits 2. */
  failed: boolean;
}

/**
 * Parses the command line with `parse` (help and usage errors answered the
 * same way by every command), then reads and digests the notes of `paths`.
 * Resolves to the exit code when there is nothing more to do.
 */
export async function startDigestedRun<O extends { paths: string[]; today: string; config?: string }>(
  argv: string[],
  io: CliIo,
  program: string,
  parse: (argv: string[], io: CliIo) => O | 'help',
  usage: (program: string) => string,
): Promise<{ options: O; run: DigestedRun } | number> {
  let options: O | 'help';
  try {
    options = parse(argv, io);
  } catch (error) {
    io.stderr(`${program}: ${(error as Error).message}\n\n${usage(program)}\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(`${usage(program)}\n`);
    return 0;
  }
  const run: DigestedRun = { notes: [], counts: { files: 0, notes: 0, unreadable: 0, unchecked: 0, fixed: 0, fix: false }, failed: false };
  const fail = (message: string) => {
    run.failed = true;
    io.stderr(`${program}: ${message}\n`);
  };
  const analysed = await analyseInputs({ paths: options.paths, today: options.today, config: options.config, digests: 'always' }, io, run.counts, countedProblems(program, io, run.counts, fail));
  if (!analysed) return 2;
  run.notes = analysed.flatMap((a) =>
    a.result?.digest ? [{ file: a.input.display, digest: a.result.digest, coveredElsewhere: a.coveredElsewhere, plannedElsewhere: a.plannedElsewhere }] : [],
  );
  return { options, run };
}
