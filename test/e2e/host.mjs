#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron's runTests()
// spawns, on machines where desktop VS Code cannot be downloaded. It runs the same
// extension tests in a real VS Code all the same: code-server (VS Code's server with
// a Node extension host) plus its web workbench in headless chromium, opened the way
// VS Code's own browser integration tests open it (test/integration/browser): the
// development extension and the tests path go in the URL's `payload`, and the
// workbench reports test output and the exit code through window.codeAutomationLog
// and window.codeAutomationExit.
//
// Arguments: what runTests passes (--extensionDevelopmentPath=, --extensionTestsPath=,
// --user-data-dir=, --extensions-dir=, a workspace folder or .code-workspace file, and
// flags meant for Electron, which are ignored). Environment:
//   MOT_E2E_CACHE        cache that scripts/setup-e2e.sh filled (~/.cache/mot-call-notes)
//   MOT_E2E_CODE_SERVER  code-server's out/node/entry.js, to use another install
//   MOT_E2E_CHROMIUM     browser executable (/usr/bin/chromium)
//   MOT_E2E_TIMEOUT_MS   deadline for the whole run (600000)
//   MOT_E2E_SCREENSHOTS  folder for screenshots the tests ask for (see below); a
//                        failing or timed-out run also leaves host-failure.png there
//   MOT_E2E_LOGS         folder to save the workbench's log files into at exit
//   MOT_E2E_VERBOSE=1    also print code-server's output and the page's console
//
// Screenshots: tests run in the extension host, a Node process that cannot reach the
// page, but everything they log reaches this script through codeAutomationLog. A
// test logs the line `[mot-screenshot] NAME` (optionally followed by a JSON object
// { waitFor: [selectors], timeoutMs }); this script waits until every selector is
// visible in the page, then saves the page as $MOT_E2E_SCREENSHOTS/NAME.png (written
// under a temporary name and renamed, so it appears complete), and the test waits for
// that file (test/e2e/suite/screenshot.ts). A selector that never shows up gives
// NAME.failed.png and NAME.error.txt instead, which fails the test.
// MOT_E2E_HOST is set in code-server's environment, which the extension host inherits,
// so tests know a host that takes screenshots is there.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, renameSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { codeServerFlags, freePort } from '../../scripts/ports.mjs';
import { format } from 'node:util';

const CODE_SERVER_VERSION = '4.100.3'; // keep in step with scripts/setup-e2e.sh
const SCREENSHOT_TAG = '[mot-screenshot]'; // keep in step with test/e2e/suite/screenshot.ts

const env = process.env;
const cache = env.MOT_E2E_CACHE || join(homedir(), '.cache', 'mot-call-notes');
const codeServerEntry =
  env.MOT_E2E_CODE_SERVER ||
  join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const chromiumPath = env.MOT_E2E_CHROMIUM || '/usr/bin/chromium';
const deadlineMs = Number(env.MOT_E2E_TIMEOUT_MS || 600_000);
const screenshotDir = env.MOT_E2E_SCREENSHOTS ? resolve(env.MOT_E2E_SCREENSHOTS) : undefined;
const logsDir = env.MOT_E2E_LOGS ? resolve(env.MOT_E2E_LOGS) : undefined;
const verbose = env.MOT_E2E_VERBOSE === '1';

const log = (msg) => process.stderr.write(`[e2e-host] ${msg}\n`);

function parseArgs(argv) {
  const out = { extensionDevelopmentPaths: [], workspace: undefined, ignored: [] };
  const valued = {
    '--extensionDevelopmentPath': (v) => out.extensionDevelopmentPaths.push(resolve(v)),
    '--extensionTestsPath': (v) => (out.extensionTestsPath = resolve(v)),
    '--user-data-dir': (v) => (out.userDataDir = resolve(v)),
    '--extensions-dir': (v) => (out.extensionsDir = resolve(v)),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? (eq < 0 ? arg : arg.slice(0, eq)) : undefined;
    if (name && valued[name]) {
      const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new Error(`${name} needs a value`);
      valued[name](value);
    } else if (name) {
      out.ignored.push(arg);
    } else if (out.workspace === undefined) {
      out.workspace = resolve(arg);
    } else {
      throw new Error(`more than one workspace given: ${out.workspace} and ${arg}`);
    }
  }
  if (!out.extensionTestsPath) throw new Error('--extensionTestsPath is required');
  if (out.extensionDevelopmentPaths.length > 1) {
    // The web workbench's payload takes one development extension.
    throw new Error('only one --extensionDevelopmentPath is supported by this host');
  }
  return out;
}

/** Rejects with `message` once `ms` pass; the timer does not keep the process alive. */
function timeout(ms, message) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref());
}

// --- state that cleanup() undoes -------------------------------------------------
let codeServer; // child process, leader of its own process group
let browser;
let page;
let ownTmp; // removed at the end; folders given on the command line are left alone
let cleaningUp;
let signalled; // exit code for a signal that stopped the run

function killCodeServerGroup(signal) {
  if (!codeServer?.pid) return;
  try {
    // code-server forks the extension host, file watchers and pty hosts; the
    // negative pid reaches all of them.
    process.kill(-codeServer.pid, signal);
  } catch {
    // already gone
  }
}

async function saveFailureScreenshot() {
  if (!screenshotDir || !page) return;
  try {
    await Promise.race([
      page.screenshot({ path: join(screenshotDir, 'host-failure.png') }),
      timeout(10_000, 'screenshot timed out'),
    ]);
    log(`saved ${join(screenshotDir, 'host-failure.png')}`);
  } catch (err) {
    log(`could not save a failure screenshot: ${err.message}`);
  }
}

async function cleanup() {
  cleaningUp ??= (async () => {
    if (browser) {
      await Promise.race([browser.close(), timeout(10_000, 'browser.close timed out')]).catch((err) =>
        log(`closing chromium: ${err.message}`),
      );
    }
    if (codeServer && codeServer.exitCode === null && codeServer.signalCode === null) {
      const exited = once(codeServer, 'exit');
      killCodeServerGroup('SIGTERM');
      await Promise.race([exited, timeout(5_000, 'code-server ignored SIGTERM')]).catch(() => {});
    }
    // Also when code-server itself is already gone: its extension host or pty host
    // may have outlived it.
    killCodeServerGroup('SIGKILL');
    if (ownTmp) rmSync(ownTmp, { recursive: true, force: true });
  })();
  return cleaningUp;
}

// Last resort if something calls process.exit() before cleanup ran.
process.on('exit', () => killCodeServerGroup('SIGKILL'));
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, () => {
    log(`${signal}: stopping`);
    signalled ??= code;
    cleanup().finally(() => process.exit(code));
  });
}

async function startCodeServer({ userDataDir, extensionsDir }) {
  if (!existsSync(codeServerEntry)) {
    throw new Error(
      `code-server not found at ${codeServerEntry}; run "bash scripts/setup-e2e.sh" first ` +
        '(or set MOT_E2E_CODE_SERVER to its out/node/entry.js)',
    );
  }
  const port = await freePort();
  const configFile = join(ownTmp, 'config.yaml');
  // An explicit config keeps code-server from creating (and reading) ~/.config/code-server.
  writeFileSync(configFile, 'auth: none\n');
  const args = [
    codeServerEntry,
    ...codeServerFlags(port),
    '--config', configFile,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    // e.g. "--log trace", to see a language client's trace in the saved logs.
    ...(env.MOT_E2E_CODE_SERVER_ARGS ? env.MOT_E2E_CODE_SERVER_ARGS.split(' ').filter(Boolean) : []),
  ];
  const childEnv = { ...env, MOT_E2E_HOST: 'code-server' };
  // code-server's default gallery is open-vsx.org, which the workbench queries at
  // start-up; an empty gallery turns that off. Extensions still install from a .vsix.
  childEnv.EXTENSIONS_GALLERY ??= '{}';
  // Inside a VS Code or code-server terminal this variable makes code-server hand its
  // arguments to that instance and exit instead of starting a server.
  delete childEnv.VSCODE_IPC_HOOK_CLI;
  const logFile = join(ownTmp, 'code-server.log');
  const output = [];
  codeServer = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv });

  const listening = new Promise((resolveUrl, reject) => {
    const onData = (chunk) => {
      const text = chunk.toString();
      output.push(text);
      if (verbose) process.stderr.write(text.replace(/^/gm, '[code-server] '));
      const match = /HTTP server listening on (https?:\/\/\S+?)\/?(\s|$)/.exec(output.join(''));
      if (match) resolveUrl(match[1]);
    };
    codeServer.stdout.on('data', onData);
    codeServer.stderr.on('data', onData);
    codeServer.once('error', (err) => reject(new Error(`could not start code-server: ${err.message}`)));
    codeServer.once('exit', (code, signal) =>
      reject(new Error(`code-server exited (${signal ?? code}) before listening:\n${output.join('').slice(-4000)}`)),
    );
  });
  codeServer.once('exit', () => writeFileSync(logFile, output.join('')));
  const url = await Promise.race([listening, timeout(120_000, 'code-server did not start listening within 120 s')]);
  return { url, port, output };
}

async function launchChromium() {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (err) {
    throw new Error(`playwright-core is not installed (npm install in the repo): ${err.message}`);
  }
  if (!existsSync(chromiumPath)) {
    throw new Error(`no browser at ${chromiumPath}; run "bash scripts/setup-e2e.sh" or set MOT_E2E_CHROMIUM`);
  }
  try {
    return await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      timeout: 60_000,
      // This script's own signal handlers close the browser in order, then code-server.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: [
        '--no-sandbox', // running as root
        '--disable-gpu',
        // Without these, chromium keeps trying to reach Google's hosts, which a
        // machine without internet refuses many times over.
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (err) {
    throw new Error(`could not start chromium (${chromiumPath}): ${err.message}`);
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (verbose && opts.ignored.length) log(`ignoring ${opts.ignored.join(' ')}`);
  ownTmp = mkdtempSync(join(tmpdir(), 'mot-e2e-host-'));
  const userDataDir = opts.userDataDir ?? join(ownTmp, 'user-data');
  const extensionsDir = opts.extensionsDir ?? join(ownTmp, 'extensions');
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  if (screenshotDir) mkdirSync(screenshotDir, { recursive: true });

  const server = await startCodeServer({ userDataDir, extensionsDir });
  const authority = `127.0.0.1:${server.port}`;
  if (verbose) log(`code-server at ${server.url}`);

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();

  let settle;
  const exitCode = new Promise((r) => (settle = r));
  let screenshots = Promise.resolve();

  // `request` is what follows the tag: a name, then optionally a JSON object
  // { waitFor: [playwright selectors], timeoutMs } (see test/e2e/suite/screenshot.ts).
  const takeScreenshot = (request) => {
    const space = request.indexOf(' ');
    const name = space < 0 ? request : request.slice(0, space);
    let options = {};
    if (space >= 0) {
      try {
        options = JSON.parse(request.slice(space + 1));
      } catch (err) {
        log(`ignoring screenshot request with bad options: ${JSON.stringify(request)}`);
        return;
      }
    }
    if (!/^[\w.-]{1,100}$/.test(name)) {
      log(`ignoring screenshot request with a bad name: ${JSON.stringify(name)}`);
      return;
    }
    if (!screenshotDir) return;
    const target = join(screenshotDir, `${name}.png`);
    const partial = join(screenshotDir, `.${name}.png.partial`);
    const waitFor = Array.isArray(options.waitFor) ? options.waitFor : [];
    const waitMs = Number(options.timeoutMs) || 15_000;
    // Serialised, so two requests in a row do not race on the page.
    screenshots = screenshots
      .then(async () => {
        const deadline = Date.now() + waitMs;
        for (const selector of waitFor) {
          try {
            // Playwright polls the page until the element is there and visible.
            await page.locator(selector).first().waitFor({ state: 'visible', timeout: Math.max(1, deadline - Date.now()) });
          } catch (err) {
            await page.screenshot({ path: join(screenshotDir, `${name}.failed.png`), type: 'png' }).catch(() => {});
            const message = `${JSON.stringify(selector)} did not become visible within ${waitMs} ms (page saved as ${name}.failed.png)`;
            writeFileSync(join(screenshotDir, `${name}.error.txt`), message);
            log(`screenshot ${name}: ${message}`);
            return;
          }
        }
        // Finite animations (the hover's fade-in) are run to their end, so nothing is half-drawn.
        await page.screenshot({ path: partial, type: 'png', animations: 'disabled' });
        renameSync(partial, target);
      })
      .catch((err) => {
        log(`screenshot ${name} failed: ${err.message}`);
        try {
          writeFileSync(join(screenshotDir, `${name}.error.txt`), err.message);
        } catch {
          // the test times out instead
        }
      });
  };

  await page.exposeFunction('codeAutomationLog', (type, args) => {
    // The extension host forwards console.log's arguments unformatted (mocha logs
    // '%d passing (%s)', 2, '21s'), so format them as Node's console would.
    const text = format(...(Array.isArray(args) ? args : [args]));
    for (const line of text.split('\n')) {
      const at = line.indexOf(SCREENSHOT_TAG);
      if (at >= 0) takeScreenshot(line.slice(at + SCREENSHOT_TAG.length).trim());
    }
    (type === 'error' || type === 'warn' ? process.stderr : process.stdout).write(`${text}\n`);
  });
  // The workbench may call this more than once (the extension host's exit, then the
  // shutdown it triggers); the first call carries the tests' result.
  let exitCalls = 0;
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    if (exitCalls++ === 0) {
      if (logsDir && Array.isArray(logs)) saveLogs(logs);
      settle(typeof code === 'number' ? code : 1);
    }
  });
  if (verbose) {
    page.on('console', (msg) => process.stderr.write(`[page ${msg.type()}] ${msg.text()}\n`));
  }
  page.on('pageerror', (err) => log(`page error: ${err.message}`));
  page.on('crash', () => {
    log('the page crashed');
    settle(1);
  });
  codeServer.once('exit', (code, signal) => {
    if (cleaningUp) return;
    log(`code-server exited (${signal ?? code}) during the run:\n${server.output.join('').slice(-4000)}`);
    settle(1);
  });

  const payload = [];
  if (opts.extensionDevelopmentPaths[0]) {
    payload.push(['extensionDevelopmentPath', `vscode-remote://${authority}${opts.extensionDevelopmentPaths[0]}`]);
  }
  payload.push(['extensionTestsPath', `vscode-remote://${authority}${opts.extensionTestsPath}`]);
  payload.push(['skipWelcome', 'true']);
  const query = new URLSearchParams();
  if (opts.workspace) {
    query.set(opts.workspace.endsWith('.code-workspace') ? 'workspace' : 'folder', opts.workspace);
  }
  query.set('payload', JSON.stringify(payload));
  // The authority in the page's URL and in the payload's vscode-remote URIs must be
  // the same string, or the workbench treats them as a different remote.
  const url = `http://${authority}/?${query}`;
  if (verbose) log(`opening ${url}`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

  const code = await exitCode;
  await screenshots;
  return code;
}

function saveLogs(logs) {
  try {
    for (const { relativePath, contents } of logs) {
      const file = join(logsDir, relativePath);
      if (!file.startsWith(logsDir)) continue;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, contents);
    }
  } catch (err) {
    log(`could not save logs: ${err.message}`);
  }
}

let code = 1;
try {
  code = await Promise.race([
    main(),
    timeout(deadlineMs, `the run did not finish within ${deadlineMs} ms (MOT_E2E_TIMEOUT_MS)`),
  ]);
} catch (err) {
  if (signalled === undefined) log(`error: ${err.message}`);
  code = 1;
}
if (code !== 0 && signalled === undefined) await saveFailureScreenshot();
await cleanup();
process.exit(signalled ?? code);
