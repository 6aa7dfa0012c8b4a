#!/usr/bin/env node
// Runs the bundled language server; pass --stdio (or --node-ipc) as usual.
require('../dist/server.js');
