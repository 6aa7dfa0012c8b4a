import { runCli } from './lint.js';
import pkg from '../../../package.json';

// The entry point of the bundled `mot-lint`: wire the CLI to the real process.
runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  version: pkg.version,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`mot-lint: internal error: ${(error as Error)?.stack ?? error}\n`);
    process.exitCode = 2;
  },
);
