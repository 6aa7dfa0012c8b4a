import { runCli } from './lint.js';
import { runProcess } from './process.js';

// The entry point of the bundled `mot-lint` (dist/cli.js).
runProcess('mot-lint', (argv, io) => runCli(argv, io));
