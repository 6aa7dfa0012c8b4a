import pkg from '../../../package.json';
import type { CliIo } from './lint.js';

/** Set by the build (scripts/build.mjs): a hash of the sources, so that `--cache` never reuses the results of another build. */
declare const MOT_BUILD_ID: string | undefined;

/** A command as the process runs it: its arguments and I/O in, its exit code out. */
export type Command = (argv: string[], io: CliIo) => Promise<number>;

/**
 * Runs a command in the real process: arguments, working directory,
 * environment, standard streams. A reader that closes the pipe early
 * (`mot-lint notes | head`) ends the output quietly: writing stops, and the
 * exit code is still the one the findings give, not a crash.
 */
export function runProcess(name: string, command: Command): void {
  let stdoutOpen = true;
  let stderrOpen = true;
  // EPIPE (the reader is gone) and writes after it: nothing more to show, and nothing wrong with the run.
  process.stdout.on('error', () => {
    stdoutOpen = false;
  });
  process.stderr.on('error', () => {
    stderrOpen = false;
  });
  const io: CliIo = {
    cwd: process.cwd(),
    stdout: (t) => {
      if (stdoutOpen) process.stdout.write(t);
    },
    stderr: (t) => {
      if (stderrOpen) process.stderr.write(t);
    },
    env: process.env,
    version: pkg.version,
    build: typeof MOT_BUILD_ID === 'string' ? `${pkg.version}+${MOT_BUILD_ID}` : undefined,
    isTTY: !!process.stdout.isTTY,
    readStdin: () =>
      new Promise<Buffer>((done, failed) => {
        const chunks: Buffer[] = [];
        process.stdin.on('data', (c: Buffer) => chunks.push(c));
        process.stdin.on('end', () => done(Buffer.concat(chunks)));
        process.stdin.on('error', failed);
      }),
  };
  command(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      io.stderr(`${name}: internal error: ${(error as Error)?.stack ?? error}\n`);
      process.exitCode = 2;
    },
  );
}
