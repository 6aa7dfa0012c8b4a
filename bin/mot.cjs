#!/usr/bin/env node
// Runs the bundled `mot` command; `npm install` (prepare) builds dist/.
require('../dist/mot.js');
