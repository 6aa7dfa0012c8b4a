/**
 * Resilience of the language server over stdio (dist/server.js): malformed
 * messages, unknown methods, requests for documents it does not have, absurd
 * positions, versions out of order, huge and deeply nested documents and a
 * storm of incremental edits. Every time the server must answer (an error or
 * an empty result), stay alive, and end with the diagnostics a fresh analysis
 * of the final text gives. Also, at the core level, a rule that throws is
 * contained.
 */
import assert from 'node:assert/strict';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, AnalysisCache, RULES, mergeConfig, type Rule } from '../../server/src/core/index.js';
import { collectFindings } from '../../server/src/core/lint.js';
import { TestClient } from './client.js';
import { SKIPS_CONFIRM_NOTE } from '../notes.js';

const TODAY = '2026-06-15';
const SEED = process.env.MOT_SEED !== undefined && process.env.MOT_SEED !== '' ? Number(process.env.MOT_SEED) : 20261122;

const NOTE = SKIPS_CONFIRM_NOTE;

const uri = (name: string) => `file:///notes/${name}`;

/** Rule and range of each diagnostic, in a stable order. */
function shape(diagnostics: { code?: unknown; range: unknown }[]): string[] {
  return diagnostics.map((d) => `${String(d.code)} ${JSON.stringify(d.range)}`).sort();
}

/** What a fresh analysis of `text` says, in the same shape (the server analyses `/notes/<name>`). */
function expected(text: string, name: string): string[] {
  return shape(analyze(text, { path: `/notes/${name}`, today: TODAY }).findings.map((f) => ({ code: f.rule, range: f.range })));
}

async function pull(client: TestClient, u: string, ms = 15000): Promise<Diagnostic[]> {
  const report = await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: u } }, ms);
  return report.items;
}

/** Writes one framed message straight to the server's stdin, as a broken client would. */
function writeRaw(client: TestClient, body: string | Buffer): void {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  client.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, 'ascii'), bytes]));
}

/**
 * Resolves with the request's result, or with the error response it was
 * answered with; rejects when no answer comes at all.
 */
function answer<T = unknown>(client: TestClient, method: string, params: unknown, ms = 15000): Promise<T | Error> {
  return client.request<T>(method, params, ms).catch((e: Error & { code?: unknown }) => {
    if (typeof e.code !== 'number') throw e; // a deadline, not an error response
    return e;
  });
}

/** A small deterministic PRNG (mulberry32), so the edit storm is reproducible from the seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('language server resilience over stdio', function () {
  this.timeout(120000);
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ pull: true, today: TODAY });
  });
  after(() => client?.stop());

  /** The server still works: it analyses a new note correctly. */
  async function assertServing(name: string): Promise<void> {
    await client.open(uri(name), NOTE);
    assert.deepEqual(shape(await pull(client, uri(name))), expected(NOTE, name));
    assert.ok(client.alive, 'the server exited');
  }

  it('survives malformed JSON bodies and invalid JSON-RPC messages, and keeps answering', async () => {
    const bodies: (string | Buffer)[] = [
      '{not json}',
      '{"jsonrpc":"2.0","id":901,"method":"textDocument/hover",',
      '42',
      'null',
      '[]',
      '[{"jsonrpc":"2.0","id":902,"method":"shutdown"}]',
      '{"jsonrpc":"2.0"}',
      '{"jsonrpc":"2.0","id":{"nested":true},"method":"textDocument/hover","params":{}}',
      '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":null}}',
      '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///notes/never.md","version":2},"contentChanges":[{"text":"x"}]}}',
      '{"jsonrpc":"2.0","method":"textDocument/didClose","params":{}}',
      Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d]),
      Buffer.from('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///notes/bad-utf8.md","languageId":"markdown","version":1,"text":"# \xff\xfe"}}}', 'latin1'),
    ];
    for (const body of bodies) writeRaw(client, body);
    await assertServing('after-garbage.md');
    // The document opened with invalid UTF-8 got replacement characters; it is served like any other.
    assert.deepEqual(await pull(client, uri('bad-utf8.md')), []);
  });

  it('answers unknown requests with MethodNotFound and ignores unknown notifications', async () => {
    for (const method of ['mot/unknownMethod', 'textDocument/notAThing', '$/custom', 'workspace/executeCommand']) {
      const e = await answer(client, method, { x: 1 });
      assert.ok(e instanceof Error && (e as Error & { code?: number }).code === -32601, `${method}: ${String(e)}`);
    }
    await client.connection.sendNotification('mot/unknownNotification', { x: 1 });
    await client.connection.sendNotification('$/unknownNotification', null);
    await assertServing('after-unknown.md');
  });

  it('answers every request with malformed params (an error or an empty result)', async () => {
    await client.open(uri('params.md'), NOTE);
    const bad = [null, {}, { textDocument: null }, { textDocument: { uri: 42 } }, { textDocument: { uri: { path: '/notes/params.md' } } }, { textDocument: 'file:///notes/params.md' }];
    const methods = [
      'textDocument/hover',
      'textDocument/completion',
      'textDocument/codeAction',
      'textDocument/documentSymbol',
      'textDocument/foldingRange',
      'textDocument/codeLens',
      'textDocument/diagnostic',
      'mot/documentStatus',
    ];
    const answers = await Promise.all(methods.flatMap((m) => bad.map(async (p) => [m, p, await answer(client, m, p)] as const)));
    for (const [m, p, a] of answers) {
      const empty = a === null || (Array.isArray(a) && a.length === 0) || (a as { items?: unknown[] })?.items?.length === 0 || a instanceof Error;
      assert.ok(empty, `${m} ${JSON.stringify(p)} answered ${JSON.stringify(a)}`);
    }
    // A valid document with garbage in the other fields: answered one way or the other, within the deadline.
    const garbage = { textDocument: { uri: uri('params.md') }, position: 'x', range: 7, context: null, only: 5 };
    await Promise.all(methods.map((m) => answer(client, m, garbage)));
    assert.deepEqual(shape(await pull(client, uri('params.md'))), expected(NOTE, 'params.md'));
  });

  it('answers requests for unopened and closed documents with empty results', async () => {
    const check = async (u: string) => {
      const pos = { line: 0, character: 3 };
      assert.equal(await client.request('textDocument/hover', { textDocument: { uri: u }, position: pos }), null);
      assert.deepEqual(await client.request('textDocument/completion', { textDocument: { uri: u }, position: pos }), []);
      assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: u } }), []);
      assert.deepEqual(await client.request('textDocument/foldingRange', { textDocument: { uri: u } }), []);
      assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: u } }), []);
      assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri: u }, range: { start: pos, end: pos }, context: { diagnostics: [] } }), []);
      assert.deepEqual(await pull(client, u), []);
      assert.equal(await client.request('mot/documentStatus', { uri: u }), null);
    };
    await check(uri('never-opened.md'));
    await check('untitled:Untitled-1');
    await check('not a uri at all');
    await client.open(uri('closed.md'), NOTE);
    assert.ok((await pull(client, uri('closed.md'))).length > 0);
    await client.close(uri('closed.md'));
    await check(uri('closed.md'));
    // Edits and a second close for a closed document are ignored.
    await client.change(uri('closed.md'), 5, [{ text: '# Explore\n' }]);
    await client.close(uri('closed.md'));
    await check(uri('closed.md'));
    assert.ok(client.alive);
  });

  it('answers requests at out-of-range positions', async () => {
    await client.open(uri('positions.md'), NOTE);
    const positions = [
      { line: -1, character: 0 },
      { line: 0, character: -5 },
      { line: 3, character: 1e6 },
      { line: 1e9, character: 1e9 },
      { line: 2 ** 31, character: 0 },
      { line: 1.5, character: 0.5 },
    ];
    for (const position of positions) {
      const params = { textDocument: { uri: uri('positions.md') }, position };
      const h = await answer<Hover | null>(client, 'textDocument/hover', params);
      assert.ok(h === null || h instanceof Error || typeof (h as Hover).contents === 'object', `hover at ${JSON.stringify(position)}: ${JSON.stringify(h)}`);
      const c = await answer(client, 'textDocument/completion', params);
      assert.ok(Array.isArray(c) || c instanceof Error || c === null, `completion at ${JSON.stringify(position)}: ${JSON.stringify(c)}`);
      const a = await answer(client, 'textDocument/codeAction', { textDocument: params.textDocument, range: { start: position, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
      assert.ok(Array.isArray(a) || a instanceof Error || a === null, `code actions at ${JSON.stringify(position)}: ${JSON.stringify(a)}`);
    }
    // A range from the start to far past the end covers the whole note: its fixes are offered.
    const all = await client.request<{ title: string }[]>('textDocument/codeAction', {
      textDocument: { uri: uri('positions.md') },
      range: { start: { line: 0, character: 0 }, end: { line: 1e6, character: 1e6 } },
      context: { diagnostics: [] },
    });
    assert.ok(Array.isArray(all) && all.some((x) => /Insert the Confirm step/.test(x.title)), JSON.stringify(all?.map((x) => x.title)));
    assert.ok(client.alive);
  });

  it('ends with the diagnostics of the final text when versions arrive out of order', async () => {
    const u = uri('versions.md');
    const doc = { text: NOTE };
    await client.open(u, NOTE, 10);
    const edits: [number, string][] = [
      [12, '\n## Confirm\n- O1: Stephen confirmed the demo helped\n'],
      [11, '\n## Confrim\n'],
      [3, 'Score: +7\n'],
      [11, '- [ ] O2 send the deck\n'],
    ];
    for (const [version, inserted] of edits) {
      // Each edit appends at the end; the version numbers go back and forth.
      const end = TextDocument.create(u, 'markdown', 0, doc.text).positionAt(doc.text.length);
      doc.text += inserted;
      await client.change(u, version, [{ range: { start: end, end }, text: inserted }]);
    }
    assert.deepEqual(shape(await pull(client, u)), expected(doc.text, 'versions.md'));
    // A full replacement with an older version number still wins: it is the latest message.
    await client.change(u, 1, [{ text: NOTE }]);
    assert.deepEqual(shape(await pull(client, u)), expected(NOTE, 'versions.md'));
    assert.ok(client.alive);
  });

  it('analyses a 200,000-character line and a 500-level nested list', async () => {
    const longItem = `- [O2] ${'word '.repeat(40_000)}`;
    const longHeading = `## ${'Offer '.repeat(33_000)}`;
    const long = NOTE.replace('## Action', `${longItem}\n\n${longHeading}\n\n## Action`);
    assert.ok(longItem.length >= 200_000 && longHeading.length >= 198_000);
    const nested = Array.from({ length: 500 }, (_, i) => `${'  '.repeat(i)}- [O${i}] level ${i}`).join('\n');
    const deep = NOTE.replace('## Action', `${nested}\n\n## Action`);
    for (const [name, text] of [
      ['long-line.md', long],
      ['nested.md', deep],
    ] as const) {
      const t0 = performance.now();
      await client.open(uri(name), text);
      const got = shape(await pull(client, uri(name), 60000));
      const ms = performance.now() - t0;
      assert.deepEqual(got, expected(text, name), name);
      assert.ok(got.length > 0, name);
      const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: uri(name) } });
      assert.ok(symbols.length > 0, name);
      console.log(`      ${name}: ${text.length} characters, diagnostics in ${ms.toFixed(0)} ms`);
      await client.close(uri(name));
    }
    assert.ok(client.alive);
  });

  it('follows a thousand rapid incremental edits and ends with the diagnostics of the final text', async () => {
    const random = prng(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const u = uri('storm.md');
    let doc = TextDocument.create(u, 'markdown', 1, NOTE);
    await client.open(u, NOTE, 1);
    const snippets = ['## Confirm\n', '- [ ] O1 call back due 2026-06-01 @paul\n', '- O1: confirmed\n', 'x', '', '\n', '\r\n', '测', '😀', '`', '```\n', '<!--', '-->', 'Score: +5\n', '| Explore | a |\n', '# Call 2\n', '## Offer\n- [O2] more\n', '#', ' '];
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 1000; i++) {
      const text = doc.getText();
      const start = Math.floor(random() * (text.length + 1));
      const end = Math.min(text.length, start + (random() < 0.5 ? 0 : Math.floor(random() * 6)));
      const range = { start: doc.positionAt(start), end: doc.positionAt(end) };
      const change = random() < 0.01 ? { text: text.slice(0, start) + pick(snippets) + text.slice(start) } : { range, text: pick(snippets) };
      doc = TextDocument.update(doc, [change], i + 2);
      pending.push(client.change(u, i + 2, [change]));
      // Requests interleaved with the edits, answered against whatever version the server has.
      if (i % 97 === 0) pending.push(answer(client, 'textDocument/diagnostic', { textDocument: { uri: u } }));
      if (i % 89 === 0) pending.push(answer(client, 'textDocument/hover', { textDocument: { uri: u }, position: doc.positionAt(start) }));
      if (i % 101 === 0) pending.push(answer(client, 'textDocument/codeAction', { textDocument: { uri: u }, range, context: { diagnostics: [] } }));
    }
    await Promise.all(pending);
    const finalText = doc.getText();
    const got = shape(await pull(client, u, 60000));
    assert.deepEqual(got, expected(finalText, 'storm.md'));
    // And the server holds the same text: its outline matches one built from the local copy.
    const symbols = await client.request<{ name: string }[]>('textDocument/documentSymbol', { textDocument: { uri: u } });
    const local = analyze(finalText, { path: '/notes/storm.md', today: TODAY });
    assert.equal(symbols.length, local.isCallNote ? local.model.calls.length : 0);
    assert.ok(client.alive);
  });

  it('analyses a 10 MB document, answers afterwards and follows an edit to it', async function () {
    this.timeout(600000);
    const u = uri('ten-mb.md');
    const parts: string[] = [];
    for (let length = 0; length < 10_000_000; length += parts[parts.length - 1].length + 1) parts.push(NOTE.replace('Call with Stephen Cheung', `Call ${parts.length}`));
    const copies = parts.length;
    const big = parts.join('\n');
    assert.ok(big.length >= 10_000_000, `${big.length}`);
    const t0 = performance.now();
    await client.open(u, big);
    const items = await pull(client, u, 540000);
    const first = performance.now() - t0;
    // Capped at mot.maxProblems (1,000): the last diagnostic counts the rest.
    const more = (n: number) => new RegExp(`^${(n - 999).toLocaleString('en-US')} more MOT problems are not shown`);
    assert.equal(items.length, 1000);
    assert.match(String(items[999].message), more(2 * copies));
    // An edit at the end: Confirm added to the last call, two findings fewer.
    const doc = TextDocument.create(u, 'markdown', 1, big);
    const end = doc.positionAt(big.length);
    await client.change(u, 2, [{ range: { start: end, end }, text: '\n## Confirm\n- O1: Stephen confirmed the demo helped\n' }]);
    const t1 = performance.now();
    const after = await pull(client, u, 540000);
    const second = performance.now() - t1;
    assert.equal(after.length, 1000);
    assert.match(String(after[999].message), more(2 * copies - 2));
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: u }, position: { line: 3, character: 5 } }, 60000);
    assert.ok(h, 'no hover on the business-win label');
    console.log(`      10 MB (${(big.length / 1e6).toFixed(1)} M characters): first diagnostics in ${(first / 1000).toFixed(1)} s, after an edit in ${(second / 1000).toFixed(1)} s`);
    await client.close(u);
    await assertServing('after-10mb.md');
  });
});

describe('a rule that throws is contained', () => {
  const boom: Rule = {
    id: 'exploding-rule',
    scope: 'calls',
    defaultSeverity: 'warning',
    summary: { en: 'explodes', 'zh-cn': '爆炸' },
    check(_context, report) {
      report({ span: { start: 0, end: 1 }, message: { en: 'half a finding', 'zh-cn': '半个问题' } });
      throw new Error('kaboom');
    },
  };

  it('collectFindings reports the error through onRuleError and keeps the other rules\' findings', () => {
    const a = analyze(NOTE, { today: TODAY });
    const context = { model: a.model, text: NOTE, today: TODAY };
    const normal = collectFindings(context, { config: mergeConfig() });
    assert.deepEqual(normal.map((f) => f.rule).sort(), ['missing-step', 'unconfirmed-offer']);
    const errors: [string, unknown][] = [];
    const mixed: Rule[] = [RULES[0], boom, ...RULES.slice(1)];
    const got = collectFindings(context, { config: mergeConfig(), rules: mixed, onRuleError: (rule, e) => errors.push([rule, e]) });
    assert.equal(errors.length, 1);
    assert.equal(errors[0][0], 'exploding-rule');
    assert.match(String((errors[0][1] as Error).message), /kaboom/);
    // Its own half-reported finding is dropped; every other rule's findings are there.
    assert.deepEqual(got, normal);
  });

  it('analyze reports a throwing registered rule through onRuleError, with and without a cache', () => {
    const registry = RULES as unknown as Rule[];
    registry.push(boom);
    try {
      for (const cache of [undefined, new AnalysisCache()]) {
        const errors: string[] = [];
        const a = analyze(NOTE, { today: TODAY, cache, onRuleError: (rule) => errors.push(rule) });
        assert.ok(errors.length >= 1 && errors.every((r) => r === 'exploding-rule'), `${errors}`);
        assert.deepEqual(a.findings.map((f) => f.rule).sort(), ['missing-step', 'unconfirmed-offer']);
      }
    } finally {
      registry.splice(registry.indexOf(boom), 1);
    }
    assert.ok(!(RULES as readonly Rule[]).includes(boom));
  });
});
