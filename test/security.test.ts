/**
 * Untrusted workspaces: the product executes nothing from the workspace and
 * makes no network calls. The bundled CLI (dist/cli.js) and language server
 * (dist/server.js) run with a preload script that records every module
 * resolved outside dist/, every child process, every socket, DNS lookup and
 * HTTP request, and every compilation of code at run time, over a workspace
 * full of bait: config files in JavaScript, a .motrc.json whose $schema is a
 * URL, notes linking to URLs, YAML tags that other loaders execute.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBundle } from './bundle.js';
import { ROOT } from './helpers.js';
import { TestClient } from './lsp/client.js';

const DIST = join(ROOT, 'dist');

/** What the preload script records, one event per attempt. */
interface AuditEvent {
  kind: 'module' | 'network' | 'process' | 'code';
  detail: string;
}

/**
 * The preload (CommonJS, loaded with --require before the bundle): hooks
 * module resolution, child_process, net/tls/dgram/dns/http(s)/fetch, workers,
 * native addons and vm, and writes what it saw to MOT_AUDIT_REPORT at exit.
 * It records and lets the call go on, so the product behaves as it would.
 */
const PRELOAD = String.raw`
'use strict';
const Module = require('module');
const fs = require('fs');
const path = require('path');
const report = process.env.MOT_AUDIT_REPORT;
const dist = process.env.MOT_AUDIT_DIST;
const events = [];
const record = (kind, detail) => events.push({ kind, detail: String(detail) });
const builtin = new Set(Module.builtinModules);
const isBuiltin = (r) => builtin.has(r) || (r.startsWith('node:') && builtin.has(r.slice(5))) || r.startsWith('node:');
const inDist = (f) => f === dist || f.startsWith(dist + path.sep);

// Every require/resolve of something that is not a Node built-in and not a file
// of the bundle is recorded, whether it resolves or not (a miss today may be a
// hit on another machine).
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  let filename;
  try {
    filename = resolve.call(this, request, parent, ...rest);
  } catch (error) {
    if (!isBuiltin(request)) record('module', request + ' (not found) from ' + (parent && parent.filename));
    throw error;
  }
  if (!isBuiltin(request) && !(path.isAbsolute(filename) && inDist(filename))) record('module', request + ' -> ' + filename + ' from ' + (parent && parent.filename));
  return filename;
};
const dlopen = process.dlopen;
process.dlopen = function (m, filename, ...rest) {
  record('module', 'native addon ' + filename);
  return dlopen.call(this, m, filename, ...rest);
};

function wrap(object, name, kind, label) {
  const original = object[name];
  if (typeof original !== 'function') return;
  object[name] = function (...args) {
    let detail = label;
    try {
      detail += ' ' + JSON.stringify(args.filter((a) => typeof a !== 'function')).slice(0, 200);
    } catch {}
    record(kind, detail);
    return original.apply(this, args);
  };
}
const cp = require('child_process');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) wrap(cp, name, 'process', 'child_process.' + name);
const net = require('net');
wrap(net.Socket.prototype, 'connect', 'network', 'net.Socket.connect');
wrap(net.Server.prototype, 'listen', 'network', 'net.Server.listen');
wrap(require('tls'), 'connect', 'network', 'tls.connect');
wrap(require('dgram'), 'createSocket', 'network', 'dgram.createSocket');
const dns = require('dns');
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse']) wrap(dns, name, 'network', 'dns.' + name);
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6']) wrap(dns.promises, name, 'network', 'dns.promises.' + name);
for (const mod of ['http', 'https']) for (const name of ['request', 'get']) wrap(require(mod), name, 'network', mod + '.' + name);
wrap(require('http2'), 'connect', 'network', 'http2.connect');
if (typeof globalThis.fetch === 'function') wrap(globalThis, 'fetch', 'network', 'fetch');
const vm = require('vm');
for (const name of ['runInThisContext', 'runInNewContext', 'runInContext', 'compileFunction']) wrap(vm, name, 'code', 'vm.' + name);
const Script = vm.Script;
vm.Script = function (...args) {
  record('code', 'vm.Script');
  return new Script(...args);
};
const workers = require('worker_threads');
const Worker = workers.Worker;
workers.Worker = function (filename, options) {
  const f = String(filename);
  if (!(path.isAbsolute(f) && inDist(f))) record('code', 'worker ' + f);
  return new Worker(filename, options);
};
const evaluate = globalThis.eval;
globalThis.eval = function (source) {
  record('code', 'eval');
  return evaluate(source);
};

process.on('exit', () => fs.writeFileSync(report, JSON.stringify(events)));
`;

/** A workspace full of bait: every file here must be read as data or not at all. */
function baitWorkspace(marker: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mot-untrusted-'));
  cpSync(join(ROOT, 'examples'), join(dir, 'notes'), { recursive: true });
  const pwn = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'executed ' + __filename);`;
  for (const name of ['.motrc.js', '.motrc.cjs', '.motrc.mjs', 'mot.config.js', 'notes/.motrc.js', 'notes/mot.config.cjs']) writeFileSync(join(dir, name), pwn);
  // A package that the product's own dependencies might look for.
  for (const pkg of ['picomatch', 'yaml', 'unified', 'remark-parse', 'jsonc-parser', 'tinyglobby', 'fdir', 'vscode-languageserver']) {
    mkdirSync(join(dir, 'node_modules', pkg), { recursive: true });
    writeFileSync(join(dir, 'node_modules', pkg, 'package.json'), JSON.stringify({ name: pkg, version: '99.0.0', main: 'index.js' }));
    writeFileSync(join(dir, 'node_modules', pkg, 'index.js'), pwn);
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bait', scripts: { postinstall: 'node .motrc.js', lint: 'node .motrc.js' }, mot: { rules: {} } }));
  writeFileSync(
    join(dir, '.motrc.json'),
    JSON.stringify({ $schema: 'http://127.0.0.1:9/motrc.schema.json', rules: { 'missing-score': 'warning' }, stepAliases: { Offer: ['(a+)+$', 'require("child_process")'] }, files: ['**/*.call.md', 'notes/**/*.md'] }),
  );
  writeFileSync(
    join(dir, 'notes', 'bait.call.md'),
    [
      '---',
      'mot: true',
      'customer: !!js/function "function () { require(\'fs\').writeFileSync(\'' + marker + '\', \'yaml\') }"',
      'date: !!js/undefined ""',
      'score: !!js/regexp /x/',
      '---',
      '# Call with <script>require("fs").writeFileSync("' + marker + '", "html")</script>',
      '',
      '## Explore',
      '- Business win: ![logo](http://127.0.0.1:9/logo.png) <img src="https://127.0.0.1:9/pixel.gif">',
      '- Personal win: [docs](https://example.invalid/) <iframe src="http://127.0.0.1:9/"></iframe>',
      '- Expectation (implicit): `$(touch pwned)` and ${process.exit(1)}',
      '',
      '## Offer',
      '- [O1] <a href="javascript:alert(1)">click</a>',
      '',
      '```js',
      'require("fs").writeFileSync("' + marker + '", "fence")',
      '```',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'notes', '$(touch pwned); `touch pwned`.call.md'), '## Explore\n- Business win: x\n## Offer\n- [O1] y\n');
  return dir;
}

function readReport(file: string): AuditEvent[] {
  assert.ok(existsSync(file), 'the preload wrote no report: did the process exit normally?');
  return JSON.parse(readFileSync(file, 'utf8')) as AuditEvent[];
}

describe('security: untrusted workspaces', function () {
  this.timeout(120000);
  let scratch: string;
  let preload: string;
  before(() => {
    // Every test here audits the bundles as they ship, so they must be today's.
    ensureBundle();
    scratch = mkdtempSync(join(tmpdir(), 'mot-audit-'));
    preload = join(scratch, 'preload.cjs');
    writeFileSync(preload, PRELOAD);
  });

  function audited(script: string[], cwd: string, name: string) {
    const report = join(scratch, `${name}.json`);
    const r = spawnSync(process.execPath, ['--require', preload, ...script], {
      cwd,
      encoding: 'utf8',
      timeout: 60000,
      env: { ...process.env, NODE_OPTIONS: '', MOT_AUDIT_REPORT: report, MOT_AUDIT_DIST: DIST },
    });
    assert.equal(r.error, undefined, String(r.error));
    return { ...r, events: readReport(report) };
  }

  it('the audit sees modules, processes, sockets, lookups and compiled code (it can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mot-audit-self-'));
    writeFileSync(join(dir, 'evil.js'), 'module.exports = 1;');
    const script = [
      "try { require('./evil.js') } catch {}",
      "try { require('picomatch') } catch {}",
      "require('child_process').spawnSync(process.execPath, ['-e', '0'])",
      "require('net').connect(9, '127.0.0.1').on('error', () => {})",
      "require('dns').lookup('localhost', () => {})",
      "require('http').get('http://127.0.0.1:9/').on('error', () => {})",
      "new (require('vm').Script)('1')",
      'setTimeout(() => {}, 50)',
    ].join(';\n');
    const { status, events } = audited(['-e', script], dir, 'self');
    assert.equal(status, 0);
    const kinds = (kind: string) => events.filter((e) => e.kind === kind).map((e) => e.detail).join('\n');
    assert.match(kinds('module'), /evil\.js/);
    assert.match(kinds('module'), /picomatch/);
    assert.match(kinds('process'), /child_process\.spawnSync/);
    assert.match(kinds('network'), /net\.Socket\.connect/);
    assert.match(kinds('network'), /dns\.lookup/);
    assert.match(kinds('network'), /http\.get/);
    assert.match(kinds('code'), /vm\.Script/);
  });

  it('the bundles require nothing but Node built-ins (vscode for the client)', () => {
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    for (const [file, allowed] of [
      ['cli.js', []],
      ['server.js', []],
      ['client.js', ['vscode']],
    ] as const) {
      const source = readFileSync(join(DIST, file), 'utf8');
      const required = [...source.matchAll(/require(?:\.resolve)?\(\s*(["'`])([^"'`]+)\1\s*\)/g)].map((m) => m[2]);
      const foreign = [...new Set(required.filter((r) => !builtins.has(r) && !(allowed as readonly string[]).includes(r)))];
      assert.deepEqual(foreign, [], `dist/${file} requires ${foreign.join(', ')} at run time`);
      assert.doesNotMatch(source, /\bimport\(\s*["'`]/, `dist/${file} imports a module at run time`);
    }
  });

  it('mot-lint on a bait workspace loads no module outside dist/, spawns nothing, opens no socket and runs no workspace code', () => {
    const marker = join(scratch, 'pwned-by-cli');
    const dir = baitWorkspace(marker);
    const { status, stdout, stderr, events } = audited([join(DIST, 'cli.js'), '--format', 'json', '--today', '2026-06-15', '.', '**/*.md'], dir, 'cli');
    assert.ok(status === 0 || status === 1, `exit ${status}: ${stderr}`);
    const findings = JSON.parse(stdout) as { file: string }[];
    assert.ok(findings.some((f) => f.file === 'notes/bait.call.md'), 'the bait note was not linted');
    assert.ok(findings.some((f) => f.file.startsWith('notes/$(touch pwned)')), 'the note with shell characters in its name was not linted');
    assert.deepEqual(events, [], `recorded:\n${events.map((e) => `${e.kind}: ${e.detail}`).join('\n')}`);
    assert.ok(!existsSync(marker), `workspace code ran: ${existsSync(marker) && readFileSync(marker, 'utf8')}`);
    assert.ok(!readdirSync(dir).includes('pwned'), 'a shell ran a file name');
  });

  it('the language server on a bait workspace loads no module outside dist/, spawns nothing, opens no socket and runs no workspace code', async () => {
    const marker = join(scratch, 'pwned-by-server');
    const dir = baitWorkspace(marker);
    const report = join(scratch, 'server.json');
    // TestClient spawns `node dist/server.js --stdio` with this process's environment.
    const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, MOT_AUDIT_REPORT: process.env.MOT_AUDIT_REPORT, MOT_AUDIT_DIST: process.env.MOT_AUDIT_DIST };
    let client: TestClient;
    Object.assign(process.env, { NODE_OPTIONS: `--require ${JSON.stringify(preload)}`, MOT_AUDIT_REPORT: report, MOT_AUDIT_DIST: DIST });
    try {
      client = await TestClient.start({
        pull: true,
        workspace: dir,
        today: '2026-06-15',
        // Keys named __proto__ and a catastrophic-backtracking regex as an alias: all data.
        settings: JSON.parse('{"rules": {"__proto__": "off", "missing-score": "warning"}, "stepAliases": {"__proto__": ["Proposal"], "Offer": ["(a+)+$"]}, "files": ["**/*.md"], "locale": "auto"}'),
      });
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    try {
      const notes = readdirSync(join(dir, 'notes')).filter((n) => n.endsWith('.md'));
      let diagnostics = 0;
      for (const name of notes) {
        const uri = pathToFileURL(join(dir, 'notes', name)).href;
        await client.open(uri, readFileSync(join(dir, 'notes', name), 'utf8'));
        diagnostics += (await client.request<{ items: unknown[] }>('textDocument/diagnostic', { textDocument: { uri } })).items.length;
        const textDocument = { uri };
        const position = { line: 9, character: 4 };
        await client.request('textDocument/hover', { textDocument, position });
        await client.request('textDocument/completion', { textDocument, position });
        await client.request('textDocument/codeAction', { textDocument, range: { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } }, context: { diagnostics: [] } });
        await client.request('textDocument/documentSymbol', { textDocument });
        await client.request('textDocument/foldingRange', { textDocument });
        await client.request('textDocument/codeLens', { textDocument });
      }
      assert.ok(diagnostics > 0, 'no diagnostics at all');
      // A changed .motrc.json is read again, as data.
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, '.motrc.json')).href, type: 2 }] });
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { mot: {} } });
      const uri = pathToFileURL(join(dir, 'notes', 'bait.call.md')).href;
      assert.ok((await client.request<{ items: unknown[] }>('textDocument/diagnostic', { textDocument: { uri } })).items.length > 0);
    } finally {
      await client.stop();
    }
    // The one evaluation the server does: looking up V8's `gc` in a fresh context (server/src/lsp/memory.ts),
    // a constant, as jest's leak detector does. Anything else, or any other argument, is reported.
    const events = readReport(report).filter((e) => !(e.kind === 'code' && e.detail === 'vm.runInNewContext ["gc"]'));
    assert.deepEqual(events, [], `recorded:\n${events.map((e) => `${e.kind}: ${e.detail}`).join('\n')}`);
    assert.ok(!existsSync(marker), `workspace code ran: ${existsSync(marker) && readFileSync(marker, 'utf8')}`);
  });
});
