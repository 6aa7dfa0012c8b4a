/**
 * The bundles in dist/ that some tests run (the language server over stdio,
 * the CLI as a child process, the security audit of what ships). A test file
 * run alone (`npm run test:one -- test/x.test.ts`) must not test yesterday's
 * code, so the first test that asks for a bundle in a run rebuilds dist/ when
 * any input of the build is newer than the oldest bundle; `npm test` builds
 * first, so there this is one look at the file times.
 *
 * Why the bundle and not the sources under tsx: the security test is about the
 * bundle itself (it must require nothing outside dist/), and a server started
 * from source would resolve its dependencies from node_modules and start
 * seconds slower, unlike the one users run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.js';

/** A file scripts/build.mjs writes. */
export type BundleFile = 'client.js' | 'server.js' | 'cli.js';

const BUNDLES: BundleFile[] = ['client.js', 'server.js', 'cli.js'];

/**
 * What the bundles are built from: the sources (folders too, so a deleted
 * file counts), the build script, the manifest (the CLI prints its version)
 * and the lock file (a dependency changed).
 */
const INPUTS = ['server/src', 'client/src', 'scripts/build.mjs', 'package.json', 'package-lock.json'];

let fresh = false;

/** Newest modification time below `path` (the path itself included), in ms. */
function newest(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  let time = stat.mtimeMs;
  if (stat.isDirectory()) {
    for (const name of readdirSync(path)) time = Math.max(time, newest(join(path, name)));
  }
  return time;
}

/** Whether `root`'s dist/ is missing a bundle or older than one of its inputs. */
export function bundleIsStale(root = ROOT): boolean {
  let oldestBundle = Infinity;
  for (const file of BUNDLES) {
    const stat = statSync(join(root, 'dist', file), { throwIfNoEntry: false });
    if (!stat) return true;
    oldestBundle = Math.min(oldestBundle, stat.mtimeMs);
  }
  return INPUTS.some((input) => newest(join(root, input)) > oldestBundle);
}

/** Builds dist/ (scripts/build.mjs, about a second) if it is stale; once per test run at most. */
export function ensureBundle(): void {
  if (fresh) return;
  if (bundleIsStale()) {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`scripts/build.mjs failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  }
  fresh = true;
}

/** The absolute path of a bundle in dist/, built first if it is stale. */
export function bundled(file: BundleFile): string {
  ensureBundle();
  return join(ROOT, 'dist', file);
}
