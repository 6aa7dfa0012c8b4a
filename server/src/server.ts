import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { MotLanguageServer } from './lsp/session.js';

// The bundled entry point (dist/server.js): the transport (--stdio, --node-ipc,
// --socket=N) is taken from the command line, as every LSP client expects.
const connection = createConnection(ProposedFeatures.all);
process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error?.stack ?? error}`));
process.on('unhandledRejection', (error) => connection.console.error(`unhandled rejection: ${(error as Error)?.stack ?? error}`));
new MotLanguageServer(connection).listen();
