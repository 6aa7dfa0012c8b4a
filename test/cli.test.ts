import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../server/src/cli/lint.js';
import { ensureBundle } from './bundle.js';
import { ROOT } from './helpers.js';
import { CLEAN_CALL } from './notes.js';

const CLEAN = `---\ncustomer: FILTEX\n---\n${CLEAN_CALL}`;
const SKIPS_CONFIRM = CLEAN.replace(/## Confirm[\s\S]*?\n\n/, '');
const BAD_SCORE = CLEAN.replace('Score: +2', 'Score: +5');

async function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, env, version: '9.9.9', stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mot-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

describe('mot-lint', () => {
  it('exits 0 on a clean note and says so', async () => {
    const dir = workspace({ 'clean.call.md': CLEAN });
    const r = await run(['clean.call.md'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /No problems: 1 call note checked of 1 file\./);
  });

  it('prints path:line:column  severity  message  rule-id and a summary, exit 0 for warnings', async () => {
    const dir = workspace({ 'notes/a.call.md': SKIPS_CONFIRM });
    const r = await run(['notes'], dir);
    assert.equal(r.code, 0, r.stderr);
    const first = r.stdout.split('\n')[0];
    assert.match(first, /^notes\/a\.call\.md:4:3 {2}warning {2}Call "Call with Stephen" has no Confirm step: .+ {2}missing-step$/);
    assert.match(r.stdout, /\n\n\d+ problems \(0 errors, \d+ warnings?, 0 infos\) in 1 file; 1 call note checked of 1 file\.\n$/);
  });

  it('exits 1 when a finding is an error', async () => {
    const dir = workspace({ 'a.call.md': BAD_SCORE });
    const r = await run(['a.call.md'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /a\.call\.md:20:8 {2}error {2}Score \+5 is not on the MOT scale/);
  });

  it('prints JSON with exactly the contract fields, 1-based, UTF-16 columns', async () => {
    const dir = workspace({ 'x/笔记.call.md': SKIPS_CONFIRM.replace('# Call with Stephen', '# 📞 与 Stephen 通话') });
    const r = await run(['--format', 'json', 'x'], dir);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.ok(Array.isArray(out) && out.length > 0);
    for (const f of out) {
      assert.deepEqual(Object.keys(f).sort(), ['column', 'endColumn', 'endLine', 'file', 'line', 'message', 'rule', 'severity']);
    }
    const missing = out.find((f: { rule: string }) => f.rule === 'missing-step');
    assert.deepEqual(missing, {
      file: 'x/笔记.call.md',
      line: 4,
      column: 3,
      endLine: 4,
      endColumn: 3 + '📞 与 Stephen 通话'.length,
      severity: 'warning',
      rule: 'missing-step',
      message: missing.message,
    });
  });

  it('writes messages in Chinese with --locale zh-cn', async () => {
    const dir = workspace({ 'a.call.md': SKIPS_CONFIRM });
    const r = await run(['--locale', 'zh-cn', 'a.call.md'], dir);
    assert.match(r.stdout, /缺少“确认”步骤/);
    assert.match(r.stdout, /共 \d+ 个问题/);
  });

  it('uses --today for overdue actions', async () => {
    const dir = workspace({ 'a.call.md': CLEAN.replace('- [x] O1 Demo given @nancy', '- [ ] O1 Demo due 2026-03-01 @nancy') });
    const before = await run(['--today', '2026-02-01', '--format', 'json', 'a.call.md'], dir);
    assert.deepEqual(JSON.parse(before.stdout), []);
    const after = await run(['--today', '2026-03-02', '--format', 'json', 'a.call.md'], dir);
    assert.deepEqual(JSON.parse(after.stdout).map((f: { rule: string }) => f.rule), ['overdue-action']);
  });

  it('exits 2 with a message for a missing path, and still lints the others', async () => {
    const dir = workspace({ 'a.call.md': BAD_SCORE });
    const r = await run(['nope.md', 'a.call.md'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^mot-lint: nope\.md: no such file or directory$/m);
    assert.match(r.stdout, /score-range/);
  });

  it('exits 2 naming the file, line and cause for an invalid .motrc.json', async () => {
    const dir = workspace({ '.motrc.json': '{\n  "rules": { "missing-step": "loud" }\n}', 'a.call.md': CLEAN });
    const r = await run(['a.call.md'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /a\.call\.md: invalid configuration: .*\.motrc\.json:2:30: bad severity for "missing-step"/);
  });

  it('exits 2 for a bad --config before linting', async () => {
    const dir = workspace({ 'c.json': '{ "rules": { "nope": "off" } }', 'a.call.md': CLEAN });
    const r = await run(['--config', 'c.json', 'a.call.md'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid configuration: .*c\.json:1:14: unknown rule id "nope"/);
    assert.equal(r.stdout, '');
  });

  it('applies --config instead of the nearest .motrc.json', async () => {
    const dir = workspace({ '.motrc.json': '{ "rules": { "missing-step": "error" } }', 'c.json': '{ "rules": { "missing-step": "off" } }', 'a.call.md': SKIPS_CONFIRM });
    const near = await run(['--format', 'json', 'a.call.md'], dir);
    assert.ok(JSON.parse(near.stdout).some((f: { rule: string; severity: string }) => f.rule === 'missing-step' && f.severity === 'error'));
    const explicit = await run(['--format', 'json', '--config', 'c.json', 'a.call.md'], dir);
    assert.ok(!JSON.parse(explicit.stdout).some((f: { rule: string }) => f.rule === 'missing-step'));
  });

  it('reports binary and non-UTF-8 files and goes on with the rest', async () => {
    const dir = workspace({
      'bin.md': Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02]),
      'latin1.md': Buffer.concat([Buffer.from('# Caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
      'z.call.md': BAD_SCORE,
    });
    const r = await run(['.'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bin\.md: looks like a binary file/);
    assert.match(r.stderr, /latin1\.md:1:6: not valid UTF-8 \(byte 0xe9 at offset 5\)/);
    assert.match(r.stdout, /z\.call\.md:20:8 {2}error/);
  });

  it('searches folders for *.md, skipping node_modules and .git, and ignores notes that are not call notes', async () => {
    const dir = workspace({
      'notes/a.call.md': SKIPS_CONFIRM,
      'notes/README.md': '# Notes\n\n## Installation\n\nRun it.\n',
      'notes/node_modules/x.call.md': BAD_SCORE,
      'notes/.git/y.call.md': BAD_SCORE,
    });
    const r = await run(['--format', 'json', 'notes'], dir);
    const files = new Set(JSON.parse(r.stdout).map((f: { file: string }) => f.file));
    assert.deepEqual([...files], ['notes/a.call.md']);
    assert.equal(r.code, 0);
  });

  it('expands globs and reports a glob that matches nothing', async () => {
    const dir = workspace({ 'a/one.call.md': BAD_SCORE, 'b/two.call.md': CLEAN });
    const r = await run(['--format', 'json', '**/*.call.md', 'zzz/*.md'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /zzz\/\*\.md: no files match this glob/);
    assert.deepEqual([...new Set(JSON.parse(r.stdout).map((f: { file: string }) => f.file))], ['a/one.call.md']);
  });

  it('survives a symlink loop', async () => {
    const dir = workspace({ 'a.call.md': CLEAN });
    symlinkSync(join(dir, 'loop.md'), join(dir, 'loop.md'));
    const r = await run(['loop.md', 'a.call.md'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /loop\.md: too many levels of symbolic links/);
    assert.match(r.stdout, /1 call note checked/);
  });

  it('rejects bad usage with exit 2', async () => {
    for (const args of [[], ['--bogus', 'a.md'], ['--format', 'xml', 'a.md'], ['--today', '22/11/2026', 'a.md'], ['--locale', 'fr', 'a.md']]) {
      const r = await run(args, tmpdir());
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^mot-lint: /);
      assert.match(r.stderr, /Usage: mot-lint/);
    }
  });

  it('runs as the installed bin on the examples', () => {
    ensureBundle(); // bin/mot-lint.cjs requires dist/cli.js
    const out = spawnSync(process.execPath, [join(ROOT, 'bin/mot-lint.cjs'), '--format', 'json', '--today', '2026-11-22', 'examples'], { cwd: ROOT, encoding: 'utf8' });
    assert.ok(out.status === 0 || out.status === 1, out.stderr);
    const findings = JSON.parse(out.stdout);
    assert.ok(findings.length > 0);
    assert.ok(findings.every((f: { file: string }) => f.file.startsWith('examples/')));
    const version = execFileSync(process.execPath, [join(ROOT, 'bin/mot-lint.cjs'), '--version'], { encoding: 'utf8' });
    assert.match(version, /^\d+\.\d+\.\d+\n$/);
  });
});
