import { runMot } from './commands.js';
import { runProcess } from './process.js';

// The entry point of the bundled `mot` (dist/mot.js).
runProcess('mot', runMot);
