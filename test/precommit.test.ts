/**
 * The pre-commit hook (.pre-commit-hooks.yaml), run by the real pre-commit
 * from Debian's packages (installed by scripts/setup-ci-tools.sh) on a
 * sample repository. Run `npm run build` first: the hook runs the bundle.
 *
 * A project that uses the hook gets it with `language: node`, which has
 * pre-commit `npm install` this repository (all of its development
 * dependencies, from the registry) in a cache of its own: too slow and too
 * dependent on the network for a test. The test therefore checks the
 * manifest with pre-commit's own validator, and runs the hook as it is
 * declared there (id, files it takes, serial run, arguments) as a local
 * `system` hook on the built CLI.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT } from './helpers.js';
import { CLEAN_CALL } from './notes.js';

interface Hook {
  id: string;
  entry: string;
  language: string;
  types?: string[];
  require_serial?: boolean;
  [key: string]: unknown;
}

describe('pre-commit hook', function () {
  this.timeout(180000);
  let home: string;

  before(() => {
    assert.ok(existsSync(join(ROOT, 'dist/cli.js')), 'run `npm run build` first');
    execFileSync('bash', [join(ROOT, 'scripts/setup-ci-tools.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    home = mkdtempSync(join(tmpdir(), 'mot-pre-commit-home-'));
  });

  /** pre-commit (and git) in `cwd`, with a cache of its own and no user configuration. */
  function preCommit(args: string[], cwd: string) {
    const env = { ...process.env, PRE_COMMIT_HOME: home, GIT_CONFIG_NOSYSTEM: '1', HOME: home, NO_COLOR: '1' };
    const r = spawnSync('pre-commit', args, { cwd, encoding: 'utf8', env });
    assert.equal(r.error, undefined);
    return { code: r.status, output: r.stdout + r.stderr };
  }

  function git(args: string[], cwd: string) {
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd, stdio: 'ignore', env: { ...process.env, HOME: home } });
  }

  function sampleRepository(files: Record<string, string>): string {
    const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
    const hook = hooks.find((h) => h.id === 'mot-lint');
    assert.ok(hook);
    const dir = mkdtempSync(join(tmpdir(), 'mot-pre-commit-'));
    git(['init', '-q'], dir);
    const local = { ...hook, language: 'system', entry: `${process.execPath} ${join(ROOT, 'bin/mot-lint.cjs')}`, args: ['--today=2026-06-15'] };
    writeFileSync(join(dir, '.pre-commit-config.yaml'), stringify({ repos: [{ repo: 'local', hooks: [local] }] }));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    git(['add', '-A'], dir);
    return dir;
  }

  it('declares a valid hook that runs the mot-lint bin on Markdown files', () => {
    const r = preCommit(['validate-manifest', join(ROOT, '.pre-commit-hooks.yaml')], ROOT);
    assert.equal(r.code, 0, r.output);
    const [hook] = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(hook.language, 'node');
    assert.ok(Object.hasOwn(pkg.bin, hook.entry), `${hook.entry} is a bin of the package`);
    assert.deepEqual(hook.types, ['markdown']);
  });

  it('passes clean notes and fails a commit with an error finding', () => {
    const clean = sampleRepository({ 'notes/a.call.md': CLEAN_CALL, 'README.md': '# Sample\n\nNot a call note.\n', 'data.txt': 'Score: +9\n' });
    const ok = preCommit(['run', '--all-files'], clean);
    assert.equal(ok.code, 0, ok.output);
    assert.match(ok.output, /mot-lint \(MOT call notes\)\.+Passed/);

    writeFileSync(join(clean, 'notes/b.call.md'), CLEAN_CALL.replace('Score: +2', 'Score: +5'));
    git(['add', '-A'], clean);
    const failed = preCommit(['run', '--all-files'], clean);
    assert.equal(failed.code, 1, failed.output);
    assert.match(failed.output, /mot-lint \(MOT call notes\)\.+Failed/);
    assert.match(failed.output, /notes\/b\.call\.md:\d+:\d+ {2}error {2}Score \+5 .* {2}score-range/);
    assert.doesNotMatch(failed.output, /notes\/a\.call\.md:/);
  });
});
