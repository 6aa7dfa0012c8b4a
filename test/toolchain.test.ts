/**
 * One Node requirement: package.json's engines.node is what the README
 * documents, what scripts/setup-e2e.sh accepts (code-server 4.100.3 runs only
 * on Node 20) and what every installed package accepts, so that `npm install`
 * on the documented version prints no EBADENGINE warning.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { ROOT } from './helpers.js';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: Record<string, string> | string[] }>;
};
const required: string = manifest.engines.node;
const lowest = semver.minVersion(required)!.version;

describe('one Node requirement', () => {
  it('engines.node is one release line, from a minimum on', () => {
    assert.ok(semver.validRange(required), required);
    assert.ok(semver.satisfies(lowest, required));
    assert.ok(!semver.satisfies(`${semver.major(lowest) + 1}.0.0`, required), `${required} must stop before Node ${semver.major(lowest) + 1}: setup-e2e.sh does`);
  });

  it('the README documents it', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.ok(readme.includes(`\`${required}\``), `README.md does not name engines.node ${required}`);
    const [major, minor] = lowest.split('.');
    assert.ok(readme.includes(`Node.js ${major}, version ${major}.${minor} or later`), 'README.md states another Node version');
  });

  it('scripts/setup-e2e.sh accepts the same versions', () => {
    const script = readFileSync(join(ROOT, 'scripts', 'setup-e2e.sh'), 'utf8');
    const major = /^NODE_MAJOR=(\d+)$/m.exec(script)?.[1];
    const minor = /^NODE_MIN_MINOR=(\d+)$/m.exec(script)?.[1];
    assert.equal(`${major}.${minor}.0`, lowest);
  });

  it('@types/node describes that Node', () => {
    const types = semver.minVersion(manifest.devDependencies['@types/node'])!;
    assert.equal(types.major, semver.major(lowest));
  });

  it('every package in the lock file accepts the lowest version and the running one', () => {
    const running = process.versions.node;
    const versions = semver.satisfies(running, required) ? [lowest, running] : [lowest];
    const refused: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      // Some old packages still carry the array form of engines, which npm ignores.
      const range = !entry.engines || Array.isArray(entry.engines) ? undefined : entry.engines.node;
      if (!path || !range) continue;
      for (const version of versions) {
        if (!semver.satisfies(version, range)) refused.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${range}, not ${version}`);
      }
    }
    assert.deepEqual(refused, []);
  });
});
