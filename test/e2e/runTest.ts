// Runs the end-to-end suite in a real VS Code through @vscode/test-electron's
// runTests(), the usual entry point for extension tests:
//   node --import tsx test/e2e/runTest.ts
//
// Which VS Code:
//   - MOT_E2E_VSCODE=/path/to/code        that executable
//   - MOT_E2E_VSCODE=stable|insiders|1.x  runTests downloads that version
//   - unset, and scripts/setup-e2e.sh has filled the cache: test/e2e/host.mjs, which
//     runs code-server in headless chromium (machines without internet)
//   - unset, no cache: runTests downloads stable VS Code (a desktop with internet)
// Runs scripts/build-e2e.mjs first; the extension itself is built by `npm run build`.
// MOT_E2E_KEEP=1 keeps the temporary workspace and profile for a look afterwards.
import { runTests } from '@vscode/test-electron';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CODE_SERVER_VERSION = '4.100.3'; // keep in step with scripts/setup-e2e.sh

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function pickVSCode(): { vscodeExecutablePath?: string; version?: string; label: string } {
  const wanted = process.env.MOT_E2E_VSCODE;
  if (wanted) {
    return existsSync(wanted)
      ? { vscodeExecutablePath: resolve(wanted), label: resolve(wanted) }
      : { version: wanted, label: `VS Code ${wanted} (download)` };
  }
  const cache = process.env.MOT_E2E_CACHE || join(homedir(), '.cache', 'mot-call-notes');
  const marker = join(cache, `code-server-${CODE_SERVER_VERSION}`, '.mot-e2e-install-complete');
  if (existsSync(marker)) {
    return { vscodeExecutablePath: join(root, 'test', 'e2e', 'host.mjs'), label: `code-server ${CODE_SERVER_VERSION} + chromium` };
  }
  return { label: 'VS Code stable (download)' };
}

async function main(): Promise<number> {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-e2e.mjs')], { stdio: 'inherit' });

  const tmp = mkdtempSync(join(tmpdir(), 'mot-e2e-'));
  const workspace = join(tmp, 'workspace');
  // A fresh copy each run, so tests may edit files without touching examples/.
  const examples = join(root, 'examples');
  if (existsSync(examples)) cpSync(examples, workspace, { recursive: true });
  mkdirSync(workspace, { recursive: true });

  const { label, ...which } = pickVSCode();
  console.log(`e2e: ${label}; workspace ${workspace}`);
  try {
    await runTests({
      ...which,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'dist', 'test', 'e2e', 'index.js'),
      launchArgs: [
        workspace,
        // Our own profile, so neither the user's VS Code settings nor extensions
        // nor an earlier run's state leak in.
        `--user-data-dir=${join(tmp, 'user-data')}`,
        `--extensions-dir=${join(tmp, 'extensions')}`,
      ],
    });
    return 0;
  } catch (err) {
    console.error(`e2e: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    if (process.env.MOT_E2E_KEEP === '1') console.log(`e2e: kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

process.exitCode = await main();
