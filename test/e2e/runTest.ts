// Runs the end-to-end suite in a real VS Code through @vscode/test-electron's
// runTests(), the usual entry point for extension tests:
//   npm run test:e2e    (= npm run package, npm run build, then this file)
//
// Two passes, each a separate VS Code with its own fresh workspace and profile:
//   dev   the extension from this repo (extensionDevelopmentPath = the repo)
//   vsix  mot-call-notes.vsix installed with `--install-extension` into the run's
//         extensions folder, and extensionDevelopmentPath pointed at the installed
//         folder (<extensions>/mot-coach.mot-call-notes-<version>), so what runs is
//         exactly what the package holds
//   start `node scripts/start.mjs --check`: npm start's code-server route serves
//         examples/ with the .vsix installed (code-server host only)
// MOT_E2E_PASSES=dev (or vsix, or a list such as dev,start) picks passes.
//
// Which VS Code:
//   - MOT_E2E_VSCODE=/path/to/code        that executable
//   - MOT_E2E_VSCODE=stable|insiders|1.x  runTests downloads that version
//   - unset, and scripts/setup-e2e.sh has filled the cache: test/e2e/host.mjs, which
//     runs code-server in headless chromium (machines without internet)
//   - unset, no cache: runTests downloads stable VS Code (a desktop with internet)
// Runs scripts/build-e2e.mjs first; the extension itself is built by `npm run build`
// and packaged by `npm run package` (MOT_E2E_VSIX names another .vsix).
//
// Screenshots: the dev pass saves them in .vscode-test/screenshots/ (ignored by git);
// MOT_E2E_UPDATE_SCREENSHOTS=1 also copies the ones the README shows to docs/images/
// when the pass succeeds. MOT_E2E_KEEP=1 keeps the temporary workspaces and profiles.
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CODE_SERVER_VERSION = '4.100.3'; // keep in step with scripts/setup-e2e.sh
/** The date the notes are checked against ("mot.today"), so due dates give the same findings every run. */
const TODAY = '2026-11-22';
/** Screenshots that docs/images/ keeps (README). */
const DOC_IMAGES = ['diagnostics', 'hover', 'timeline'];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const env = process.env;
const cache = env.MOT_E2E_CACHE || join(homedir(), '.cache', 'mot-call-notes');
const codeServerEntry =
  env.MOT_E2E_CODE_SERVER ||
  join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

type Which = { vscodeExecutablePath?: string; version?: string; label: string; codeServer: boolean };

function pickVSCode(): Which {
  const wanted = env.MOT_E2E_VSCODE;
  if (wanted) {
    return existsSync(wanted)
      ? { vscodeExecutablePath: resolve(wanted), label: resolve(wanted), codeServer: false }
      : { version: wanted, label: `VS Code ${wanted} (download)`, codeServer: false };
  }
  const marker = join(cache, `code-server-${CODE_SERVER_VERSION}`, '.mot-e2e-install-complete');
  if (!existsSync(marker) && process.platform === 'linux' && existsSync('/usr/bin/apt-get') && env.MOT_E2E_NO_SETUP !== '1') {
    // A fresh Debian-like machine, most likely without internet beyond the package
    // registries: install code-server and chromium rather than try to download VS Code.
    console.log('e2e: no code-server in the cache; running scripts/setup-e2e.sh (MOT_E2E_NO_SETUP=1 skips this)');
    execFileSync('bash', [join(root, 'scripts', 'setup-e2e.sh')], { stdio: 'inherit' });
  }
  if (existsSync(marker)) {
    return {
      vscodeExecutablePath: join(root, 'test', 'e2e', 'host.mjs'),
      label: `code-server ${CODE_SERVER_VERSION} + chromium`,
      codeServer: true,
    };
  }
  return { label: 'VS Code stable (download)', codeServer: false };
}

/** Installs `vsix` into `extensionsDir` with the chosen VS Code's CLI; returns the installed folder. */
async function installVsix(which: Which, vsix: string, extensionsDir: string, userDataDir: string, scratch: string): Promise<string> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const folder = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`.toLowerCase());
  const common = ['--install-extension', vsix, '--force', `--extensions-dir=${extensionsDir}`, `--user-data-dir=${userDataDir}`];
  if (which.codeServer) {
    const config = join(scratch, 'code-server-cli.yaml');
    // An explicit config keeps code-server from writing ~/.config/code-server/config.yaml;
    // an empty gallery keeps it offline.
    writeFileSync(config, 'auth: none\n');
    const childEnv: NodeJS.ProcessEnv = { ...env, EXTENSIONS_GALLERY: env.EXTENSIONS_GALLERY ?? '{}' };
    // Inside a VS Code terminal this would hand the install to that VS Code instead.
    delete childEnv.VSCODE_IPC_HOOK_CLI;
    execFileSync(process.execPath, [codeServerEntry, '--config', config, ...common], { stdio: 'inherit', env: childEnv });
  } else {
    const executable = which.vscodeExecutablePath ?? (await downloadAndUnzipVSCode(which.version));
    const [cli, ...args] = resolveCliArgsFromVSCodeExecutablePath(executable);
    execFileSync(cli, [...args, ...common], { stdio: 'inherit', shell: process.platform === 'win32' });
  }
  if (!existsSync(join(folder, 'package.json'))) throw new Error(`installing ${vsix} did not create ${folder}`);
  for (const file of ['dist/client.js', 'dist/server.js']) {
    if (!existsSync(join(folder, file))) throw new Error(`the packaged extension lacks ${file}`);
  }
  return folder;
}

async function runPass(pass: 'dev' | 'vsix', which: Which): Promise<boolean> {
  const tmp = mkdtempSync(join(tmpdir(), `mot-e2e-${pass}-`));
  const workspace = join(tmp, 'workspace');
  const userDataDir = join(tmp, 'user-data');
  const extensionsDir = join(tmp, 'extensions');
  // A fresh copy each pass, so tests may edit files without touching examples/.
  cpSync(join(root, 'examples'), workspace, { recursive: true });
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify({ 'mot.today': TODAY }, null, 2)}\n`);
  // Our own profile, so neither the user's VS Code settings nor extensions nor an
  // earlier run's state leak in. These user settings only keep the pictures tidy.
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    `${JSON.stringify(
      {
        'files.exclude': { '**/.vscode': true },
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'editor.minimap.enabled': false,
        'window.commandCenter': false,
        'chat.commandCenter.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        ...(env.MOT_E2E_TRACE ? { 'mot.trace.server': env.MOT_E2E_TRACE } : {}),
      },
      null,
      2,
    )}\n`,
  );
  mkdirSync(extensionsDir, { recursive: true });

  const testsEnv: Record<string, string> = { MOT_E2E_PASS: pass };
  let extensionDevelopmentPath = root;
  const screenshotDir = env.MOT_E2E_SCREENSHOTS ? resolve(env.MOT_E2E_SCREENSHOTS) : join(root, '.vscode-test', 'screenshots');
  if (pass === 'vsix') {
    const vsix = resolve(env.MOT_E2E_VSIX || join(root, 'mot-call-notes.vsix'));
    if (!existsSync(vsix)) throw new Error(`${vsix} not found: run "npm run package" first (npm run test:e2e does)`);
    try {
      extensionDevelopmentPath = await installVsix(which, vsix, extensionsDir, userDataDir, tmp);
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
    testsEnv.MOT_E2E_EXTENSION_PATH = extensionDevelopmentPath;
    // What the package changes: the bundles, snippets, grammar, l10n and manifest.
    // The harness smoke test and the pictures come from the dev pass only.
    testsEnv.MOT_E2E_FILES = env.MOT_E2E_FILES ?? 'extension';
    testsEnv.MOT_E2E_SCREENSHOTS = '';
  } else {
    mkdirSync(screenshotDir, { recursive: true });
    // Nothing from an earlier run may pass for this one's pictures or failures: the
    // default folder is emptied, a folder named in MOT_E2E_SCREENSHOTS only loses the
    // pictures this suite takes.
    for (const name of env.MOT_E2E_SCREENSHOTS ? DOC_IMAGES.map((n) => `${n}.png`) : readdirSync(screenshotDir)) {
      if (/\.(png|txt|partial)$/.test(name)) rmSync(join(screenshotDir, name), { force: true });
    }
    testsEnv.MOT_E2E_SCREENSHOTS = screenshotDir;
  }

  console.log(`e2e [${pass}]: ${which.label}; extension ${extensionDevelopmentPath}; workspace ${workspace}`);
  const started = Date.now();
  let ok = false;
  try {
    await runTests({
      ...(which.vscodeExecutablePath ? { vscodeExecutablePath: which.vscodeExecutablePath } : {}),
      ...(which.version ? { version: which.version } : {}),
      extensionDevelopmentPath,
      extensionTestsPath: join(root, 'dist', 'test', 'e2e', 'index.js'),
      extensionTestsEnv: testsEnv,
      launchArgs: [workspace, `--user-data-dir=${userDataDir}`, `--extensions-dir=${extensionsDir}`],
    });
    ok = true;
  } catch (err) {
    console.error(`e2e [${pass}]: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    console.log(`e2e [${pass}]: ${ok ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (env.MOT_E2E_KEEP === '1') console.log(`e2e [${pass}]: kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }

  if (ok && pass === 'dev' && env.MOT_E2E_UPDATE_SCREENSHOTS === '1') {
    const images = join(root, 'docs', 'images');
    mkdirSync(images, { recursive: true });
    for (const name of DOC_IMAGES) {
      const from = join(screenshotDir, `${name}.png`);
      if (!existsSync(from)) {
        console.error(`e2e: no ${from} to copy to docs/images (screenshots need the code-server host)`);
        return false;
      }
      copyFileSync(from, join(images, `${name}.png`));
      console.log(`e2e: updated docs/images/${name}.png`);
    }
  }
  return ok;
}

/** `npm start --check`: code-server with the .vsix installed serves examples/ (needs the code-server route). */
function runStartCheck(): boolean {
  console.log('e2e [start]: node scripts/start.mjs --check --no-package');
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'start.mjs'), '--check', '--no-package'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const ok = result.status === 0 && /check: http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+ served the workbench/.test(output);
  process.stdout.write(output.replace(/^/gm, '  '));
  console.log(`e2e [start]: ${ok ? 'passed' : `FAILED (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return ok;
}

async function main(): Promise<number> {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-e2e.mjs')], { stdio: 'inherit' });
  const which = pickVSCode();
  const passes = (env.MOT_E2E_PASSES || (which.codeServer ? 'dev,vsix,start' : 'dev,vsix'))
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  for (const pass of passes) {
    if (!['dev', 'vsix', 'start'].includes(pass)) throw new Error(`MOT_E2E_PASSES: unknown pass ${JSON.stringify(pass)} (dev, vsix, start)`);
  }
  const started = Date.now();
  const failed: string[] = [];
  for (const pass of passes) {
    let ok = false;
    try {
      ok = pass === 'start' ? runStartCheck() : await runPass(pass as 'dev' | 'vsix', which);
    } catch (err) {
      console.error(`e2e [${pass}]: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!ok) failed.push(pass);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (failed.length) console.error(`e2e: FAILED (${failed.join(', ')}) after ${seconds} s`);
  else console.log(`e2e: all passes (${passes.join(', ')}) passed in ${seconds} s`);
  return failed.length ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(`e2e: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
