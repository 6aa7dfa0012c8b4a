/**
 * The server speaks LSP exactly (dist/server.js over stdio): it registers
 * capabilities dynamically only with a client that declares it can take
 * them, and then finds configuration changes itself; it recovers from
 * malformed headers and from a malformed didOpen; it caps diagnostics at
 * `mot.maxProblems` (most severe first, then one diagnostic saying how many
 * more), sends no more than a client uses, and answers `unchanged` when the
 * client already holds the report.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { analyze, type Finding } from '../../server/src/core/index.js';
import { generateMessyNotes } from '../../bench/generate.js';
import { TestClient } from './client.js';
import { SKIPS_CONFIRM_NOTE } from '../notes.js';

const TODAY = '2026-06-15';
const uri = (name: string) => `file:///notes/${name}`;
const RANK = { error: 0, warning: 1, info: 2, hint: 3 } as const;

/** What a client should be shown of a fresh analysis with room for `max` diagnostics, as `rule@range` in the order sent. */
function expectedShown(text: string, max: number): string[] {
  const all = analyze(text, { path: '/notes/x.md', today: TODAY }).findings;
  if (all.length <= max) return all.map(key);
  const order = all.map((f, i) => ({ f, i }));
  order.sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.i - b.i);
  return order
    .slice(0, max - 1)
    .sort((a, b) => a.i - b.i)
    .map((x) => key(x.f));
}

function key(f: Finding | Diagnostic): string {
  return `${'rule' in f ? f.rule : String(f.code)}@${JSON.stringify(f.range)}`;
}

/** The error a request was answered with (fails when it succeeded). */
async function errorOf(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: number; message: string };
  }
  assert.fail('the request succeeded');
}

describe('the server speaks LSP exactly', function () {
  this.timeout(60000);

  describe('with a client that declares no dynamic registration (Neovim 0.7)', () => {
    it('sends no client/registerCapability, and publishes diagnostics all the same', async () => {
      const client = await TestClient.start({ pull: false, dynamicRegistration: false });
      try {
        await client.open(uri('nvim.md'), SKIPS_CONFIRM_NOTE);
        const items = await client.waitForDiagnostics(uri('nvim.md'), (p) => p.version === 1);
        assert.deepEqual(items.map((d) => d.code).sort(), ['missing-step', 'unconfirmed-offer']);
        // Answered after `initialized`, which would have registered: every request it sent has arrived.
        await client.request('textDocument/hover', { textDocument: { uri: uri('nvim.md') }, position: { line: 0, character: 0 } });
        assert.deepEqual(client.serverRequests.filter((m) => m === 'client/registerCapability'), []);
        assert.deepEqual(client.serverRequests.filter((m) => m === 'workspace/diagnostic/refresh'), [], 'no refresh to a client that did not declare it');
      } finally {
        await client.stop();
      }
    });

    it('notices a changed .motrc.json by itself and asks the client to pull again', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mot-poll-'));
      const config = join(dir, '.motrc.json');
      writeFileSync(config, '{ "rules": { "missing-step": "error" } }');
      const client = await TestClient.start({ pull: true, today: TODAY, workspace: dir, dynamicRegistration: false, refreshSupport: true });
      try {
        const note = pathToFileURL(join(dir, 'a.md')).href;
        await client.open(note, SKIPS_CONFIRM_NOTE);
        assert.equal((await client.pull(note)).find((d) => d.code === 'missing-step')?.severity, 1);
        writeFileSync(config, '{ "rules": { "missing-step": "off" } }');
        await client.waitForServerRequest('workspace/diagnostic/refresh', 0);
        assert.deepEqual((await client.pull(note)).map((d) => d.code), ['unconfirmed-offer']);
        assert.deepEqual(client.serverRequests.filter((m) => m === 'client/registerCapability'), []);
      } finally {
        await client.stop();
      }
    });

    it('asks again for settings it cannot be told have changed', async () => {
      const client = await TestClient.start({ pull: true, today: TODAY, dynamicRegistration: false, refreshSupport: true, settings: { rules: {} } });
      try {
        await client.open(uri('settings-poll.md'), SKIPS_CONFIRM_NOTE);
        assert.deepEqual((await client.pull(uri('settings-poll.md'))).map((d) => d.code).sort(), ['missing-step', 'unconfirmed-offer']);
        client.settings = { rules: { 'unconfirmed-offer': 'off' } };
        await client.waitForServerRequest('workspace/diagnostic/refresh', 0);
        assert.deepEqual((await client.pull(uri('settings-poll.md'))).map((d) => d.code), ['missing-step']);
      } finally {
        await client.stop();
      }
    });
  });

  it('registers for configuration and .motrc.json changes with a client that declares dynamic registration', async () => {
    const client = await TestClient.start({ pull: true, dynamicRegistration: true });
    try {
      await client.waitForServerRequest('client/registerCapability', 1);
    } finally {
      await client.stop();
    }
  });

  describe('on a broken wire', () => {
    let client: TestClient;
    before(async () => {
      client = await TestClient.start({ pull: true, today: TODAY });
    });
    after(() => client.stop());

    for (const [name, garbage] of [
      ['a header without Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{"jsonrpc":"2.0","id":900,"method":"shutdown"}'],
      ['a Content-Length that is not a number', 'Content-Length: twelve\r\n\r\n{"jsonrpc":"2.0","id":901,"method":"shutdown"}'],
      ['a header line without a colon, and stray bytes', 'Hello server\r\n\r\n\u0000\u0001 junk'],
    ] as const) {
      it(`resynchronises on the next Content-Length after ${name}, logging it once`, async () => {
        const before = client.logs.length;
        client.child.stdin.write(Buffer.from(garbage, 'utf8'));
        const u = uri(`after-${name.length}.md`);
        await client.open(u, SKIPS_CONFIRM_NOTE);
        assert.deepEqual((await client.pull(u)).map((d) => d.code).sort(), ['missing-step', 'unconfirmed-offer']);
        const logged = client.logs.slice(before);
        assert.equal(logged.length, 1, logged.join('\n'));
        assert.match(logged[0], /^dropped \d+ bytes of malformed input \(.+\); resynchronised on the next Content-Length header$/);
        assert.ok(client.alive, 'the shutdown inside the garbage was not run');
      });
    }

    it('answers a didOpen with bad params with one log line, and that document\'s requests with an error', async () => {
      const u = uri('bad-open.md');
      const before = client.logs.length;
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'markdown', version: 1, text: 42 } });
      const pulled = await errorOf(client.request('textDocument/diagnostic', { textDocument: { uri: u } }));
      assert.equal(pulled.code, -32602);
      assert.match(pulled.message, /bad-open\.md was not opened: textDocument\.text of .* is number, not a string/);
      const hovered = await errorOf(client.request('textDocument/hover', { textDocument: { uri: u }, position: { line: 0, character: 0 } }));
      assert.equal(hovered.code, -32602);
      await client.change(u, 2, [{ text: 'still not open' }]);
      await errorOf(client.request('textDocument/codeAction', { textDocument: { uri: u }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }));
      const logged = client.logs.slice(before);
      assert.deepEqual(logged.length, 1, logged.join('\n'));
      assert.match(logged[0], /^textDocument\/didOpen ignored: textDocument\.text of file:\/\/\/notes\/bad-open\.md is number, not a string$/);
      // Opened properly, it is a document like any other.
      await client.open(u, SKIPS_CONFIRM_NOTE);
      assert.deepEqual((await client.pull(u)).map((d) => d.code).sort(), ['missing-step', 'unconfirmed-offer']);
      assert.equal(client.logs.length, before + 1);
    });
  });

  describe('diagnostics', () => {
    const messy = generateMessyNotes(30_000);

    it('are capped at mot.maxProblems: the most severe, then one that says how many more and how to see them', async () => {
      const total = analyze(messy, { path: '/notes/x.md', today: TODAY }).findings.length;
      assert.ok(total > 40, `${total}`);
      const client = await TestClient.start({ pull: true, today: TODAY, settings: { maxProblems: 25 } });
      try {
        await client.open(uri('capped.md'), messy);
        const items = await client.pull(uri('capped.md'));
        assert.equal(items.length, 25);
        assert.deepEqual(items.slice(0, 24).map(key), expectedShown(messy, 25));
        const last = items[24];
        assert.equal(last.severity, 3);
        assert.equal(last.source, 'mot');
        assert.equal(last.code, undefined);
        assert.deepEqual(last.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
        assert.equal(last.message, `${total - 24} more MOT problems are not shown (the editor gets at most 25, most severe first): run \`mot lint <file>\` to see them all, or raise the setting \`mot.maxProblems\`.`);
        const status = await client.request('mot/documentStatus', { uri: uri('capped.md') });
        assert.equal(status.findings, total, 'the status bar counts them all');
      } finally {
        await client.stop();
      }
    });

    it('are all sent when they fit, and the cap comes from initializationOptions for a client without configuration', async () => {
      const total = analyze(messy, { path: '/notes/x.md', today: TODAY }).findings.length;
      const client = await TestClient.start({ pull: true, today: TODAY, initializationOptions: { maxProblems: 7, locale: 'zh-cn' } });
      try {
        await client.open(uri('init.md'), messy);
        const items = await client.pull(uri('init.md'));
        assert.deepEqual(items.slice(0, 6).map(key), expectedShown(messy, 7));
        assert.match(String(items[6].message), new RegExp(`^还有 ${total - 6} 个关键时刻问题未显示`));
        await client.open(uri('fits.md'), SKIPS_CONFIRM_NOTE);
        assert.deepEqual((await client.pull(uri('fits.md'))).map((d) => d.code).sort(), ['missing-step', 'unconfirmed-offer']);
        // A client that cannot be asked may push its settings.
        await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { mot: { maxProblems: 2 } } });
        const pushed = await client.pull(uri('init.md'));
        assert.equal(pushed.length, 2);
        assert.match(String(pushed[1].message), new RegExp(`^还有 ${total - 1} 个`));
      } finally {
        await client.stop();
      }
    });

    it('carry no data for code actions, and no documentation link for a client that does not declare it', async () => {
      for (const codeDescription of [true, false]) {
        const client = await TestClient.start({ pull: true, today: TODAY, codeDescription });
        try {
          await client.open(uri('small.md'), SKIPS_CONFIRM_NOTE);
          const items = await client.pull(uri('small.md'));
          assert.equal(items.length, 2);
          for (const d of items) {
            assert.equal(d.data, undefined);
            assert.equal(!!d.codeDescription, codeDescription);
          }
          // Quick fixes are still offered: they are computed from the analysis, not the diagnostic.
          const missing = items.find((d) => d.code === 'missing-step')!;
          const actions = await client.request<{ title: string }[]>('textDocument/codeAction', {
            textDocument: { uri: uri('small.md') },
            range: missing.range,
            context: { diagnostics: [missing] },
          });
          assert.ok(actions.some((a) => /Confirm/.test(a.title)), JSON.stringify(actions));
        } finally {
          await client.stop();
        }
      }
    });

    it('are reported unchanged when the client holds the current report', async () => {
      const client = await TestClient.start({ pull: true, today: TODAY });
      try {
        const u = uri('unchanged.md');
        await client.open(u, SKIPS_CONFIRM_NOTE);
        const first = await client.pull(u);
        assert.equal(client.lastKind.get(u), 'full');
        const id = client.reports.get(u)!.resultId;
        assert.ok(id);
        assert.deepEqual(await client.pull(u), first);
        assert.equal(client.lastKind.get(u), 'unchanged');
        // An edit that moves no diagnostic: still unchanged.
        const lines = SKIPS_CONFIRM_NOTE.split('\n').length;
        await client.change(u, 2, [{ range: { start: { line: lines - 1, character: 0 }, end: { line: lines - 1, character: 0 } }, text: '\n\n' }]);
        assert.deepEqual(await client.pull(u), first);
        assert.equal(client.lastKind.get(u), 'unchanged');
        // One that does: a full report with a new id.
        await client.change(u, 3, [{ range: { start: { line: 13, character: 7 }, end: { line: 13, character: 9 } }, text: '+9' }]);
        const changed = await client.pull(u);
        assert.equal(client.lastKind.get(u), 'full');
        assert.notEqual(client.reports.get(u)!.resultId, id);
        assert.deepEqual(changed.map((d) => d.code).sort(), ['missing-step', 'score-range', 'unconfirmed-offer']);
        // A client that holds nothing gets the full report.
        const fresh = await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: u } });
        assert.equal(fresh.kind, 'full');
        assert.deepEqual(fresh.items, changed);
      } finally {
        await client.stop();
      }
    });
  });
});
