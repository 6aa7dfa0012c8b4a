import { format } from 'node:util';
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { HeaderResync } from './lsp/framing.js';
import { MotLanguageServer } from './lsp/session.js';

// The bundled entry point (dist/server.js): the transport (--stdio, --node-ipc,
// --socket=N) is taken from the command line, as every LSP client expects.
// Over stdio the input first goes through HeaderResync, so that a malformed
// header costs one message, not the session.
const connection = process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);
process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error?.stack ?? error}`));
process.on('unhandledRejection', (error) => connection.console.error(`unhandled rejection: ${(error as Error)?.stack ?? error}`));
new MotLanguageServer(connection).listen();

function stdioConnection(): Connection {
  let c: Connection | undefined;
  const input = process.stdin.pipe(
    new HeaderResync((bytes, why) => c?.console.error(`dropped ${bytes} bytes of malformed input (${why}); resynchronised on the next Content-Length header`)),
  );
  // Given streams, the library ends the process when the input ends, as it does for its own --stdio.
  c = createConnection(ProposedFeatures.all, input, process.stdout);
  // The library does this for its own --stdio: stdout is the protocol, so console output goes to the client's log.
  const log = (write: (m: string) => void) => (...args: unknown[]) => write(format(...args));
  console.log = log((m) => c!.console.log(m));
  console.info = log((m) => c!.console.info(m));
  console.warn = log((m) => c!.console.warn(m));
  console.error = log((m) => c!.console.error(m));
  return c;
}
