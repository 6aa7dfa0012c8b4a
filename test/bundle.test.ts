/** When test/bundle.ts rebuilds dist/ before a test runs a bundle. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleIsStale } from './bundle.js';

describe('bundle freshness (test/bundle.ts)', () => {
  let root: string;
  /** Sets a file's or folder's modification time, in seconds since the epoch. */
  const at = (path: string, seconds: number) => utimesSync(join(root, path), seconds, seconds);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mot-bundle-'));
    for (const dir of ['server/src/core', 'client/src', 'scripts', 'dist']) mkdirSync(join(root, dir), { recursive: true });
    for (const file of ['server/src/core/a.ts', 'server/src/server.ts', 'client/src/extension.ts', 'scripts/build.mjs', 'package.json', 'package-lock.json']) {
      writeFileSync(join(root, file), '');
      at(file, 1000);
    }
    for (const dir of ['server/src/core', 'server/src', 'client/src']) at(dir, 1000);
    for (const file of ['client.js', 'server.js', 'cli.js']) {
      writeFileSync(join(root, 'dist', file), '');
      at(`dist/${file}`, 2000);
    }
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is fresh when every bundle is newer than every input', () => {
    assert.equal(bundleIsStale(root), false);
  });

  it('is stale when a bundle is missing', () => {
    rmSync(join(root, 'dist', 'cli.js'));
    assert.equal(bundleIsStale(root), true);
  });

  it('is stale when a nested source is newer than the oldest bundle', () => {
    at('dist/server.js', 1500);
    at('server/src/core/a.ts', 1800);
    assert.equal(bundleIsStale(root), true);
  });

  it('is stale when a source was deleted (its folder changed)', () => {
    rmSync(join(root, 'server/src/core/a.ts'));
    at('server/src/core', 3000);
    assert.equal(bundleIsStale(root), true);
  });

  it('is stale when the build script, the manifest or the lock file changed', () => {
    for (const file of ['scripts/build.mjs', 'package.json', 'package-lock.json']) {
      at(file, 3000);
      assert.equal(bundleIsStale(root), true, file);
      at(file, 1000);
    }
  });

  it('ignores files that are not inputs of the build', () => {
    writeFileSync(join(root, 'README.md'), '');
    at('README.md', 3000);
    assert.equal(bundleIsStale(root), false);
  });
});
