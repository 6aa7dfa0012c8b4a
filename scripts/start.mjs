#!/usr/bin/env node
// `npm start`: build and package the extension, then open examples/ in a VS Code that
// runs the packaged .vsix.
//
//   - a `code` command on PATH (desktop VS Code): `code --install-extension
//     mot-call-notes.vsix --force`, then `code examples/`; this script then exits.
//   - otherwise: code-server (VS Code in the browser, installed by
//     scripts/setup-e2e.sh into ~/.cache/mot-call-notes, run first if needed) on
//     127.0.0.1, with the .vsix installed into its own extensions folder under the
//     cache, serving examples/. It prints the URL and runs until Ctrl-C (SIGINT or
//     SIGTERM stop code-server and everything it started).
//
// Options:
//   --check          (or MOT_START_CHECK=1) start everything, fetch the URL once to
//                    prove it serves, stop, exit 0; always the code-server route
//   --code-server    use code-server even when `code` is on PATH
//   --port N         (or PORT) port for code-server; default 8080, or a free port if
//                    8080 is taken (--check always takes a free port)
//   --no-package     use the existing mot-call-notes.vsix instead of building one
// Environment: MOT_E2E_CACHE (cache folder), MOT_E2E_CODE_SERVER (another
// code-server out/node/entry.js), EXTENSIONS_GALLERY (default '{}': no marketplace,
// since these machines are offline).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { codeServerFlags, freePort, portFree } from './ports.mjs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CODE_SERVER_VERSION = '4.100.3'; // keep in step with scripts/setup-e2e.sh

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(root, 'examples');
const vsix = join(root, 'mot-call-notes.vsix');
const env = process.env;
const cache = env.MOT_E2E_CACHE || join(homedir(), '.cache', 'mot-call-notes');
const codeServerEntry =
  env.MOT_E2E_CODE_SERVER ||
  join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const codeServerMarker = join(cache, `code-server-${CODE_SERVER_VERSION}`, '.mot-e2e-install-complete');

const log = (msg) => console.log(`[start] ${msg}`);
const fail = (msg) => {
  console.error(`[start] error: ${msg}`);
  process.exit(1);
};

function parseArgs(argv) {
  const opts = { check: env.MOT_START_CHECK === '1', codeServer: false, port: env.PORT ? Number(env.PORT) : undefined, pack: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') opts.check = true;
    else if (arg === '--code-server') opts.codeServer = true;
    else if (arg === '--no-package') opts.pack = false;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg.includes('=') ? arg.slice('--port='.length) : argv[++i];
      opts.port = Number(value);
    } else if (arg === '--help' || arg === '-h') {
      console.log('usage: node scripts/start.mjs [--check] [--code-server] [--port N] [--no-package]');
      process.exit(0);
    } else fail(`unknown argument ${arg}`);
  }
  if (opts.port !== undefined && !(Number.isInteger(opts.port) && opts.port > 0 && opts.port < 65536)) {
    fail(`bad port ${opts.port}`);
  }
  return opts;
}

/** Runs a command with inherited output; exits on failure, naming the step. */
function run(step, command, args, options = {}) {
  log(step);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, shell: process.platform === 'win32', ...options });
  if (result.error) fail(`${step}: ${result.error.message}`);
  if (result.status !== 0) fail(`${step} failed (exit ${result.status ?? result.signal})`);
}

/** The `code` executable on PATH, if any. */
function findCode() {
  const names = process.platform === 'win32' ? ['code.cmd', 'code.exe'] : ['code'];
  for (const dir of (env.PATH || '').split(delimiter)) {
    for (const name of names) {
      const file = join(dir, name);
      if (dir && existsSync(file)) return file;
    }
  }
  return undefined;
}


async function pickPort(opts) {
  if (opts.check) return freePort();
  if (opts.port !== undefined) {
    if (!(await portFree(opts.port))) fail(`port ${opts.port} on 127.0.0.1 is in use`);
    return opts.port;
  }
  if (await portFree(8080)) return 8080;
  const port = await freePort();
  log(`port 8080 is in use; using ${port}`);
  return port;
}

function openInDesktopCode(code) {
  run(`installing ${vsix} into VS Code (${code})`, code, ['--install-extension', vsix, '--force']);
  run(`opening ${examples}`, code, [examples]);
  log('done: VS Code shows examples/ with MOT call notes installed');
}

async function startCodeServer(opts) {
  if (!existsSync(codeServerMarker) && !env.MOT_E2E_CODE_SERVER) {
    run('installing code-server and chromium (scripts/setup-e2e.sh; once per machine)', 'bash', [join(root, 'scripts', 'setup-e2e.sh')]);
  }
  if (!existsSync(codeServerEntry)) fail(`code-server not found at ${codeServerEntry}`);

  // A profile of its own under the cache, kept between runs (settings, open editors);
  // the extension is reinstalled from the fresh .vsix every time. --check uses a
  // temporary one, so it neither disturbs nor depends on a running `npm start`.
  const home = opts.check ? mkdtempSync(join(tmpdir(), 'mot-start-check-')) : join(cache, 'start');
  if (opts.check) process.on('exit', () => rmSync(home, { recursive: true, force: true }));
  const userDataDir = join(home, 'user-data');
  const extensionsDir = join(home, 'extensions');
  const config = join(home, 'config.yaml');
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  // An explicit config keeps code-server from creating ~/.config/code-server.
  writeFileSync(config, 'auth: none\n');
  const childEnv = { ...env, EXTENSIONS_GALLERY: env.EXTENSIONS_GALLERY ?? '{}' };
  // Inside a VS Code or code-server terminal this variable makes code-server hand its
  // arguments to that instance instead of doing the work itself.
  delete childEnv.VSCODE_IPC_HOOK_CLI;
  const common = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  run(
    `installing ${vsix} into ${extensionsDir}`,
    process.execPath,
    [codeServerEntry, ...common, '--install-extension', vsix, '--force'],
    { env: childEnv },
  );
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const installed = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  if (!existsSync(join(installed, 'dist', 'server.js'))) fail(`the install did not produce ${installed}/dist/server.js`);

  const port = await pickPort(opts);
  const args = [
    codeServerEntry,
    ...common,
    ...codeServerFlags(port),
  ];
  log(`starting code-server ${CODE_SERVER_VERSION} on 127.0.0.1:${port}`);
  // Its own process group, so stopping reaches the extension host, the language
  // server and the watchers it forks.
  const child = spawn(process.execPath, args, { cwd: root, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  let stopping = false;

  const stop = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const shutdown = (code) => {
    if (stopping) return;
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) {
      stop('SIGKILL'); // leftovers of the group, if any
      process.exit(code);
    }
    stop('SIGTERM');
    const force = setTimeout(() => stop('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      stop('SIGKILL');
      process.exit(code);
    });
  };
  process.on('SIGINT', () => {
    log('stopping (SIGINT)');
    shutdown(130);
  });
  process.on('SIGTERM', () => {
    log('stopping (SIGTERM)');
    shutdown(143);
  });
  process.on('SIGHUP', () => shutdown(129));
  process.on('exit', () => stop('SIGKILL'));

  const listening = new Promise((resolveListening, reject) => {
    const onData = (chunk) => {
      output.push(chunk.toString());
      if (/HTTP server listening on/.test(output.join(''))) resolveListening();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (err) => reject(new Error(`could not start code-server: ${err.message}`)));
    child.once('exit', (code, signal) => {
      if (stopping) return;
      reject(new Error(`code-server exited (${signal ?? code}):\n${output.join('').slice(-4000)}`));
    });
  });
  const timer = setTimeout(() => {
    console.error(`[start] code-server did not listen within 120 s:\n${output.join('').slice(-4000)}`);
    shutdown(1);
  }, 120_000);
  try {
    await listening;
  } catch (err) {
    fail(err.message);
  }
  clearTimeout(timer);

  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(examples).replace(/%2F/g, '/')}`;
  if (opts.check) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
      const body = await response.text();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      if (!/<html/i.test(body) || !/workbench/i.test(body)) throw new Error('the page is not the VS Code workbench');
      log(`check: ${url} served the workbench (HTTP ${response.status}, ${body.length} bytes); extension at ${installed}`);
    } catch (err) {
      console.error(`[start] check failed: ${url}: ${err.message}`);
      shutdown(1);
      return;
    }
    shutdown(0);
    return;
  }

  // From here on, code-server's own output only matters when it goes wrong.
  child.stdout.removeAllListeners('data');
  child.stderr.removeAllListeners('data');
  child.stdout.resume();
  child.stderr.on('data', (chunk) => {
    if (/error/i.test(chunk.toString())) process.stderr.write(chunk);
  });
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[start] code-server stopped (${signal ?? code})`);
    process.exit(code ?? 1);
  });
  console.log('');
  console.log(`  MOT call notes: open ${url}`);
  console.log('  (the examples/ folder, with the packaged extension installed; Ctrl-C stops)');
  console.log('');
}

const opts = parseArgs(process.argv.slice(2));
if (opts.pack) run('building and packaging (npm run package)', 'npm', ['run', 'package']);
if (!existsSync(vsix)) fail(`${vsix} not found; run npm run package`);
const code = opts.check || opts.codeServer ? undefined : findCode();
if (code) openInDesktopCode(code);
else await startCodeServer(opts);
