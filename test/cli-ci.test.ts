/**
 * mot-lint as CI runs it (FORMAT.md, "The command line"): GitHub annotations,
 * --max-warnings, --cache, --fix, standard input, --locale in any casing,
 * colours, an honest summary, `mot lint`; and, on the bundle in a child
 * process (run `npm run build` first), a reader that closes the pipe early
 * and output that does not depend on the number of threads.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli, type CliIo, type JsonFinding } from '../server/src/cli/lint.js';
import { runMot } from '../server/src/cli/commands.js';
import { generateRepository } from '../bench/generate.js';
import { ROOT } from './helpers.js';
import { CLEAN_CALL, SKIPS_CONFIRM_NOTE } from './notes.js';

const TODAY = '2026-06-15';
const BAD_SCORE = CLEAN_CALL.replace('Score: +2', 'Score: +5');
/** A misspelt Explore heading, no Confirm step, an offer nobody confirmed. */
const NEEDS_FIXES = `# Call with Stephen

## Exlpore
- Business win: better communication between sites
- Personal win: credibility with the executive committee
- Expectation (implicit): convince the committee

## Offer
- [O1] Demo of the intranet on Monday

## Action
- [x] O1 Demo given @nancy

Score: +1
`;

interface RunOptions {
  env?: Record<string, string>;
  isTTY?: boolean;
  stdin?: string | Buffer;
  version?: string;
  build?: string;
}

async function run(args: string[], cwd: string, o: RunOptions = {}, command: (argv: string[], io: CliIo) => Promise<number> = runCli) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd,
    env: o.env ?? {},
    version: o.version ?? '9.9.9',
    build: o.build,
    isTTY: o.isTTY,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: async () => Buffer.from(o.stdin ?? ''),
  };
  const code = await command(args, io);
  return { code, stdout, stderr };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mot-cli-ci-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const json = async (args: string[], cwd: string, o?: RunOptions) => JSON.parse((await run(['--format', 'json', '--today', TODAY, ...args], cwd, o)).stdout) as JsonFinding[];

describe('mot-lint in CI', () => {
  describe('--format github', () => {
    /** Reads a workflow command back as GitHub does: properties and message unescaped. */
    function parseCommand(line: string) {
      const m = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
      assert.ok(m, `not a workflow command: ${line}`);
      const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
      const props = Object.fromEntries(m[2].split(',').map((p) => p.split('=')).map(([k, v]) => [k, unescape(v)]));
      return { command: m[1], props, message: unescape(m[3]) };
    }

    it('prints one annotation per finding that reads back to the JSON findings', async () => {
      const dir = workspace({ 'notes/a, 100%: draft.call.md': SKIPS_CONFIRM_NOTE, 'notes/笔记.call.md': BAD_SCORE.replace('# Call with Stephen', '# 📞 与 Stephen 通话') });
      const r = await run(['--format', 'github', '--today', TODAY, 'notes'], dir);
      assert.equal(r.code, 1, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      const expected = await json(['notes'], dir);
      assert.equal(lines.length, expected.length);
      const level = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' } as const;
      lines.forEach((line, i) => {
        const c = parseCommand(line);
        const f = expected[i];
        assert.equal(c.command, level[f.severity]);
        assert.deepEqual(c.props, { file: f.file, line: String(f.line), col: String(f.column), endLine: String(f.endLine), endColumn: String(f.endColumn), title: f.rule });
        assert.equal(c.message, f.message);
      });
      assert.ok(expected.some((f) => f.file === 'notes/a, 100%: draft.call.md'));
    });
  });

  describe('--max-warnings', () => {
    it('exits 1 only when there are more warnings than allowed', async () => {
      const dir = workspace({ 'a.call.md': SKIPS_CONFIRM_NOTE });
      const warnings = (await json(['a.call.md'], dir)).filter((f) => f.severity === 'warning').length;
      assert.ok(warnings >= 2);
      assert.equal((await run(['--max-warnings', String(warnings), 'a.call.md'], dir)).code, 0);
      const over = await run(['--max-warnings', String(warnings - 1), 'a.call.md'], dir);
      assert.equal(over.code, 1);
      assert.match(over.stderr, new RegExp(`${warnings} warnings, more than --max-warnings ${warnings - 1} allows`));
      assert.equal((await run(['--max-warnings', 'many', 'a.call.md'], dir)).code, 2);
    });
  });

  describe('--locale', () => {
    it('accepts any casing and _ or -', async () => {
      const dir = workspace({ 'a.call.md': CLEAN_CALL });
      for (const value of ['zh-CN', 'zh_CN', 'ZH-cn', 'zh-cn']) {
        const r = await run(['--locale', value, 'a.call.md'], dir);
        assert.equal(r.code, 0, `${value}: ${r.stderr}`);
        assert.match(r.stdout, /没有发现问题/);
      }
      assert.match((await run(['--locale', 'EN-us', 'a.call.md'], dir)).stdout, /No problems/);
      const bad = await run(['--locale', 'fr', 'a.call.md'], dir);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--locale must be "en" or "zh-cn"/);
    });

    it('follows LANG written with an encoding', async () => {
      const dir = workspace({ 'a.call.md': CLEAN_CALL });
      assert.match((await run(['a.call.md'], dir, { env: { LANG: 'zh_CN.UTF-8' } })).stdout, /没有发现问题/);
    });
  });

  describe('the summary', () => {
    it('never says "No problems" when a path could not be read', async () => {
      const dir = workspace({ 'a.call.md': CLEAN_CALL });
      const r = await run(['a.call.md', 'missing.md'], dir);
      assert.equal(r.code, 2);
      assert.doesNotMatch(r.stdout, /No problems/);
      assert.match(r.stdout, /^0 problems: 1 call note checked of 1 file; 1 file could not be read\.\n$/);
      assert.match(r.stderr, /missing\.md: no such file/);
      const zh = await run(['--locale', 'zh-cn', 'a.call.md', 'missing.md'], dir);
      assert.doesNotMatch(zh.stdout, /没有发现问题/);
      assert.match(zh.stdout, /1 个文件无法读取/);
    });
  });

  describe('colours', () => {
    const ESC = '\u001b[';
    it('colour a terminal, and never a pipe, NO_COLOR or FORCE_COLOR=0', async () => {
      const dir = workspace({ 'a.call.md': SKIPS_CONFIRM_NOTE });
      const out = async (env: Record<string, string>, isTTY: boolean) => (await run(['a.call.md'], dir, { env, isTTY })).stdout;
      assert.ok((await out({}, true)).includes(ESC));
      assert.ok(!(await out({}, false)).includes(ESC));
      assert.ok(!(await out({ NO_COLOR: '1' }, true)).includes(ESC));
      assert.ok(!(await out({ FORCE_COLOR: '0' }, true)).includes(ESC));
      assert.ok(!(await out({ CI: 'true' }, true)).includes(ESC));
      assert.ok((await out({ FORCE_COLOR: '1' }, false)).includes(ESC));
      // Only the text format is coloured: JSON and annotations are for programs.
      assert.ok(!(await run(['--format', 'json', 'a.call.md'], dir, { isTTY: true })).stdout.includes(ESC));
      // Colours change nothing but the colours.
      assert.equal((await out({ FORCE_COLOR: '1' }, false)).replace(/\u001b\[\d+(?:;\d+)*m/g, ''), await out({}, false));
    });
  });

  describe('standard input', () => {
    it('lints --stdin as the file --stdin-filename names, and - does the same', async () => {
      const dir = workspace({});
      const byFlag = await run(['--stdin', '--stdin-filename', 'notes/a.call.md', '--format', 'json'], dir, { stdin: BAD_SCORE });
      assert.equal(byFlag.code, 1, byFlag.stderr);
      const findings = JSON.parse(byFlag.stdout) as JsonFinding[];
      assert.ok(findings.length && findings.every((f) => f.file === 'notes/a.call.md'));
      assert.ok(findings.some((f) => f.rule === 'score-range'));
      const byDash = await run(['--stdin-filename', 'notes/a.call.md', '--format', 'json', '-'], dir, { stdin: BAD_SCORE });
      assert.equal(byDash.stdout, byFlag.stdout);
      const unnamed = await run(['-', '--format', 'json'], dir, { stdin: `\uFEFF${BAD_SCORE}` });
      assert.ok((JSON.parse(unnamed.stdout) as JsonFinding[]).every((f) => f.file === '<stdin>'));
      assert.deepEqual(
        (JSON.parse(unnamed.stdout) as JsonFinding[]).map((f) => [f.line, f.column]),
        findings.map((f) => [f.line, f.column]),
        'a byte-order mark moves no finding',
      );
    });

    it('reads the file name for the files globs', async () => {
      const dir = workspace({});
      const oneStep = '# Call with Stephen\n\n## Offer\n- [O1] A demo\n';
      assert.match((await run(['--stdin', '--stdin-filename', 'x.call.md'], dir, { stdin: oneStep })).stdout, /1 call note checked of 1 file/);
      assert.match((await run(['--stdin', '--stdin-filename', 'x.md'], dir, { stdin: oneStep })).stdout, /0 call notes checked of 1 file/);
    });

    it('refuses paths beside standard input, --fix of standard input, and a stray --stdin-filename', async () => {
      const dir = workspace({ 'a.call.md': CLEAN_CALL });
      assert.equal((await run(['--stdin', 'a.call.md'], dir)).code, 2);
      assert.equal((await run(['--stdin', '--fix'], dir)).code, 2);
      assert.equal((await run(['--stdin-filename', 'a.md', 'a.call.md'], dir)).code, 2);
      const binary = await run(['--stdin'], dir, { stdin: Buffer.from([0x23, 0, 1, 2]) });
      assert.equal(binary.code, 2);
      assert.match(binary.stderr, /binary/);
    });
  });

  describe('--cache', () => {
    const MARK = 'REMEMBERED BY THE CACHE';
    /** Marks every remembered message, so that the next run shows whether it used them. */
    function markCache(file: string) {
      const data = JSON.parse(readFileSync(file, 'utf8'));
      for (const entry of Object.values(data.entries) as { findings: { messages: { en: string } }[] }[]) for (const f of entry.findings) f.messages.en = MARK;
      writeFileSync(file, JSON.stringify(data));
    }
    const setup = () => workspace({ '.motrc.json': '{ "rules": { "missing-score": "off" } }', 'notes/a.call.md': SKIPS_CONFIRM_NOTE, 'notes/b.call.md': BAD_SCORE });
    const args = ['--cache', '--today', TODAY, 'notes'];

    it('reuses the results of unchanged files', async () => {
      const dir = setup();
      const first = await run(args, dir);
      assert.ok(existsSync(join(dir, '.motcache')), 'the cache is beside .motrc.json');
      markCache(join(dir, '.motcache'));
      const second = await run(args, dir);
      assert.equal(second.code, first.code);
      assert.equal(second.stdout.split('\n').filter((l) => l.includes(MARK)).length, first.stdout.split('\n').filter((l) => /warning|error|info/.test(l) && l.includes('.call.md:')).length);
    });

    it('analyses again when the content, the configuration, --today or the tool changed', async () => {
      const changes: [string, (dir: string) => RunOptions & { args?: string[] }][] = [
        ['content', (dir) => (writeFileSync(join(dir, 'notes/a.call.md'), `${SKIPS_CONFIRM_NOTE}\nMore notes.\n`), {})],
        ['configuration', (dir) => (writeFileSync(join(dir, '.motrc.json'), '{ "rules": { "missing-step": "error" } }'), {})],
        ['--today', () => ({ args: ['--cache', '--today', '2026-06-16', 'notes'] })],
        ['tool version', () => ({ version: '9.9.10' })],
        ['tool build', () => ({ build: '9.9.9+other' })],
      ];
      for (const [what, change] of changes) {
        const dir = setup();
        await run(args, dir);
        markCache(join(dir, '.motcache'));
        const o = change(dir);
        const r = await run(o.args ?? args, dir, o);
        const marked = r.stdout.split('\n').filter((l) => l.includes(MARK));
        if (what === 'content') {
          assert.ok(marked.length > 0 && marked.every((l) => l.startsWith('notes/b.call.md')), `${what}: only the changed file is analysed again\n${r.stdout}`);
        } else assert.equal(marked.length, 0, `${what}: nothing may come from the cache\n${r.stdout}`);
      }
    });

    it('keeps the cache where --cache-location says, and survives a broken cache file', async () => {
      const dir = setup();
      await run(['--cache-location', 'build/', '--today', TODAY, 'notes'], dir);
      assert.ok(existsSync(join(dir, 'build/.motcache')));
      await run(['--cache-location', 'build/mot.json', '--today', TODAY, 'notes'], dir);
      assert.ok(existsSync(join(dir, 'build/mot.json')));
      writeFileSync(join(dir, '.motcache'), '{ not json');
      const plain = await run(['--today', TODAY, 'notes'], dir);
      const r = await run(args, dir);
      assert.equal(r.stdout, plain.stdout);
      assert.equal(r.stderr, '');
      // From a sub-folder the cache is still the one beside .motrc.json.
      await run(['--cache', '--today', TODAY, '.'], join(dir, 'notes'));
      assert.ok(!existsSync(join(dir, 'notes/.motcache')));
    });
  });

  describe('--fix', () => {
    it('applies the safe fixes, never a done confirmation, and a second run changes nothing', async () => {
      const dir = workspace({ 'a.call.md': NEEDS_FIXES, 'b.call.md': CLEAN_CALL });
      const r = await run(['--fix', '--today', TODAY, '.'], dir);
      const fixed = readFileSync(join(dir, 'a.call.md'), 'utf8');
      assert.match(fixed, /^## Explore$/m);
      assert.doesNotMatch(fixed, /Exlpore/);
      assert.equal(fixed.match(/^## Explore$/gm)?.length, 1, 'the typo is fixed, not a second Explore step added');
      assert.match(fixed, /^## Confirm$/m);
      // The offer is still unconfirmed: the fix may plan to ask, never record that the customer confirmed.
      const left = await json(['a.call.md'], dir);
      assert.ok(left.some((f) => f.rule === 'unconfirmed-offer'), JSON.stringify(left));
      assert.match(r.stdout, /1 file fixed\./);
      assert.equal(readFileSync(join(dir, 'b.call.md'), 'utf8'), CLEAN_CALL, 'a clean file is not rewritten');
      assert.deepEqual(
        r.stdout.split('\n').filter((l) => l.includes('.call.md:')),
        (await run(['--today', TODAY, '.'], dir)).stdout.split('\n').filter((l) => l.includes('.call.md:')),
        'it reports what is left',
      );

      const again = await run(['--fix', '--today', TODAY, '.'], dir);
      assert.equal(readFileSync(join(dir, 'a.call.md'), 'utf8'), fixed);
      assert.match(again.stdout, /0 files fixed\./);
    });

    it('keeps CRLF line ends and a byte-order mark', async () => {
      const dir = workspace({ 'a.call.md': `\uFEFF${NEEDS_FIXES.replace(/\n/g, '\r\n')}` });
      await run(['--fix', '--cache', '--today', TODAY, 'a.call.md'], dir);
      const fixed = readFileSync(join(dir, 'a.call.md'), 'utf8');
      assert.ok(fixed.startsWith('\uFEFF# Call'));
      assert.doesNotMatch(fixed, /[^\r]\n/);
      assert.match(fixed, /## Explore\r\n/);
      // With the cache, a file --fix rewrote is known by its new content.
      const again = await run(['--fix', '--cache', '--today', TODAY, 'a.call.md'], dir);
      assert.match(again.stdout, /0 files fixed\./);
      assert.equal(readFileSync(join(dir, 'a.call.md'), 'utf8'), fixed);
    });
  });

  describe('mot lint', () => {
    it('is mot-lint', async () => {
      const dir = workspace({ 'a.call.md': SKIPS_CONFIRM_NOTE });
      const a = await run(['--today', TODAY, 'a.call.md'], dir);
      const b = await run(['lint', '--today', TODAY, 'a.call.md'], dir, {}, runMot);
      assert.deepEqual(b, a);
      assert.match((await run(['--help'], dir, {}, runMot)).stdout, /lint/);
      assert.equal((await run(['frobnicate'], dir, {}, runMot)).code, 2);
      assert.match((await run(['lint', '--help'], dir, {}, runMot)).stdout, /^Usage: mot lint /);
    });
  });

  describe('the bundle in a process', function () {
    const cli = join(ROOT, 'dist/cli.js');
    let repo: string;
    before(function () {
      assert.ok(existsSync(cli), 'run `npm run build` first');
      repo = mkdtempSync(join(tmpdir(), 'mot-cli-ci-repo-'));
      for (const f of generateRepository(240, { folders: 12 })) {
        mkdirSync(dirname(join(repo, f.path)), { recursive: true });
        writeFileSync(join(repo, f.path), f.text);
      }
    });

    it('ends quietly when the reader closes the pipe early', async () => {
      const child = spawn(process.execPath, [cli, '--today', TODAY, 'customers'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      // Like `| head -1`: read the first chunk, then close our end of the pipe.
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((done) => child.on('close', done));
      assert.equal(stderr, '');
      // The exit code is still the findings' (the notes hold scores off the scale): not a crash.
      assert.equal(code, 1);
    });

    it('prints the same output, in path order, whatever the number of threads', () => {
      const outputs = ['0', '1', '2', '3'].map((threads) => {
        const r = spawnSync(process.execPath, [cli, '--format', 'json', '--today', TODAY, 'customers'], {
          cwd: repo,
          encoding: 'utf8',
          env: { ...process.env, MOT_LINT_THREADS: threads },
          maxBuffer: 64 << 20,
        });
        assert.equal(r.stderr, '');
        return r.stdout;
      });
      for (const out of outputs.slice(1)) assert.equal(out, outputs[0]);
      const files = (JSON.parse(outputs[0]) as JsonFinding[]).map((f) => f.file);
      assert.deepEqual(files, [...files].sort(), 'sorted by path');
      assert.equal(new Set(files).size, 240);
    });
  });
});
