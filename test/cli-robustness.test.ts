/**
 * mot-lint on hostile input, beyond test/cli.test.ts: folders without notes,
 * files it cannot read (permissions, size, FIFOs and devices), symlink loops
 * inside folders, and broken `.motrc.json` files. Each problem is named with
 * its file and cause on stderr, the other files are still linted, and the
 * exit code is the one FORMAT.md gives (2 for an input error).
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptionsWithStringEncoding } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../server/src/cli/lint.js';
import { bundled } from './bundle.js';
import { CLEAN_CALL } from './notes.js';

const NOTE = CLEAN_CALL.replace('Score: +2', 'Score: +5');

async function run(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, env: {}, version: '9.9.9', stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** Runs the bundled CLI in a child process, killed after `ms` so a hang fails the test instead of the run. */
function spawnCli(args: string[], cwd: string, extra: Partial<SpawnSyncOptionsWithStringEncoding> = {}, ms = 30000) {
  const r = spawnSync(process.execPath, [bundled('cli.js'), ...args], { cwd, encoding: 'utf8', timeout: ms, ...extra });
  assert.equal(r.error, undefined, `mot-lint did not finish: ${r.error}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mot-cli-robust-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

describe('mot-lint robustness', function () {
  this.timeout(60000);

  it('exits 0 on a folder without notes, saying how many files it looked at', async () => {
    const dir = workspace({ 'docs/README.md': '# Project\n\n## Installation\n\nRun it.\n', 'docs/notes.txt': '## Explore\n## Offer\n' });
    mkdirSync(join(dir, 'empty'));
    const empty = await run(['empty'], dir);
    assert.deepEqual(empty, { code: 0, stdout: 'No problems: 0 call notes checked of 0 files.\n', stderr: '' });
    const docs = await run(['docs'], dir);
    assert.deepEqual(docs, { code: 0, stdout: 'No problems: 0 call notes checked of 1 file.\n', stderr: '' });
    const json = await run(['--format', 'json', 'docs', 'empty'], dir);
    assert.deepEqual([json.code, JSON.parse(json.stdout), json.stderr], [0, [], '']);
  });

  it('reports a file it has no permission to read, and lints the others', () => {
    const dir = workspace({ 'secret.call.md': NOTE, 'open.call.md': NOTE });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'secret.call.md'), 0o000);
    // Root reads anything: run the CLI as nobody then, so the permission bites.
    const asRoot = process.getuid?.() === 0;
    const r = spawnCli(['secret.call.md', 'open.call.md'], dir, asRoot ? { uid: 65534, gid: 65534 } : {});
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^mot-lint: secret\.call\.md: cannot read \(permission denied\)$/m);
    assert.match(r.stdout, /^open\.call\.md:17:8 {2}error {2}Score \+5 is not on the MOT scale/m);
    assert.doesNotMatch(r.stdout, /secret/);
  });

  it('reports a file too large to read (over 2 GiB), and lints the others', async () => {
    const dir = workspace({ 'huge.call.md': '', 'small.call.md': NOTE });
    truncateSync(join(dir, 'huge.call.md'), 2 ** 31 + 1); // sparse: no disk is used
    const r = await run(['.'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^mot-lint: huge\.call\.md: cannot read \(.*2 GiB.*\)$/m);
    assert.match(r.stdout, /small\.call\.md:17:8 {2}error/);
    assert.match(r.stdout, /1 call note checked of 2 files/);
  });

  it('refuses a FIFO or a device named on the command line instead of blocking on it', () => {
    const dir = workspace({ 'ok.call.md': NOTE });
    const fifo = spawnSync('mkfifo', [join(dir, 'pipe.call.md')]);
    assert.equal(fifo.status, 0, 'mkfifo failed');
    // Without the check the read of the FIFO never returns and the timeout kills the CLI.
    const r = spawnCli(['pipe.call.md', '/dev/zero', 'ok.call.md'], dir, {}, 20000);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^mot-lint: pipe\.call\.md: cannot read \(not a regular file but a FIFO, socket or device\)$/m);
    assert.match(r.stderr, /^mot-lint: \/dev\/zero: cannot read \(not a regular file/m);
    assert.match(r.stdout, /ok\.call\.md:17:8 {2}error/);
    // A FIFO passed as --config is refused the same way, before any linting.
    const c = spawnCli(['--config', 'pipe.call.md', 'ok.call.md'], dir, {}, 20000);
    assert.equal(c.code, 2);
    assert.match(c.stderr, /invalid configuration: .*pipe\.call\.md:1:1: cannot read the configuration file \(not a regular file/);
    assert.equal(c.stdout, '');
  });

  it('walks a folder holding symlink loops and cycles without hanging', async () => {
    const dir = workspace({ 'notes/a.call.md': NOTE });
    symlinkSync('loop.md', join(dir, 'notes', 'loop.md'));
    symlinkSync('nowhere.md', join(dir, 'notes', 'dangling.md'));
    mkdirSync(join(dir, 'notes', 'sub'));
    symlinkSync('..', join(dir, 'notes', 'sub', 'up'));
    const r = await run(['--format', 'json', 'notes'], dir);
    assert.equal(r.code, 1, r.stderr);
    const files = [...new Set(JSON.parse(r.stdout).map((f: { file: string }) => f.file))];
    assert.deepEqual(files, ['notes/a.call.md']);
  });

  describe('an invalid .motrc.json', () => {
    const cases: [string, string, RegExp][] = [
      ['a syntax error', '{\n  "rules": {\n    "missing-step": "warning"\n  }\n  "files": []\n}\n', /\.motrc\.json:5:3: invalid JSON: comma expected/],
      ['an unknown rule id', '{\n  "rules": {\n    "missing-stepz": "off"\n  }\n}\n', /\.motrc\.json:3:5: unknown rule id "missing-stepz"; known rules: missing-step, /],
      ['a severity that is not a string', '{ "rules": { "score-range": 2 } }', /\.motrc\.json:1:29: bad severity for "score-range": expected one of error, warning, info, hint, off/],
      ['an empty file', '', /\.motrc\.json:1:1: invalid JSON: value expected/],
      ['absurdly deep nesting', `{ "rules": ${'['.repeat(100_000)}${']'.repeat(100_000)} }`, /\.motrc\.json:1:1: the JSON is nested too deeply to read/],
    ];
    for (const [name, config, pattern] of cases) {
      it(`with ${name} is reported with file, line and column, the notes below it skipped and the others linted`, async () => {
        const dir = workspace({ 'team/.motrc.json': config, 'team/a.call.md': NOTE, 'team/b.call.md': NOTE, 'other/c.call.md': NOTE });
        const r = await run(['team', 'other'], dir);
        assert.equal(r.code, 2);
        const lines = r.stderr.trim().split('\n');
        assert.equal(lines.length, 2, r.stderr);
        for (const [i, note] of ['a', 'b'].entries()) {
          assert.ok(lines[i].startsWith(`mot-lint: team/${note}.call.md: invalid configuration: ${join(dir, 'team', '.motrc.json')}:`), lines[i]);
          assert.match(lines[i], pattern);
        }
        assert.match(r.stdout, /^other\/c\.call\.md:17:8 {2}error/m);
        assert.doesNotMatch(r.stdout, /team\//);
        assert.match(r.stdout, /1 call note checked of 3 files/);
      });
    }

    it('given with --config is reported before anything is linted', async () => {
      const dir = workspace({ 'bad.json': '{ "rules": { "vague-action": "loud" }, }', 'a.call.md': NOTE });
      const r = await run(['--config', 'bad.json', 'a.call.md'], dir);
      assert.deepEqual([r.code, r.stdout], [2, '']);
      assert.match(r.stderr, /^mot-lint: invalid configuration: .*bad\.json:1:30: bad severity for "vague-action"/);
    });
  });
});
