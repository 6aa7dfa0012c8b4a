#!/usr/bin/env node
// Runs the bundled CLI; `npm install` (prepare) builds dist/.
require('../dist/cli.js');
