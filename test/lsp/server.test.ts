import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CompletionItem, Diagnostic, DocumentSymbol, FoldingRange, Hover, CodeLens } from 'vscode-languageserver-protocol';
import { analyze } from '../../server/src/core/index.js';
import { applyTextEdits, TestClient } from './client.js';
import { SKIPS_CONFIRM_NOTE } from '../notes.js';

const TODAY = '2026-06-15';

const SKIPS_CONFIRM = SKIPS_CONFIRM_NOTE;

const uri = (name: string) => `file:///notes/${name}`;

function rules(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}

function lintRules(text: string): string[] {
  return analyze(text, { today: TODAY }).findings.map((f) => f.rule).sort();
}

describe('language server over stdio', function () {
  this.timeout(60000);

  describe('a client without pull diagnostics', () => {
    let client: TestClient;
    before(async () => {
      client = await TestClient.start({ pull: false });
    });
    after(() => client.stop());

    it('does not announce a diagnostic provider', () => {
      assert.equal(client.initializeResult.capabilities.diagnosticProvider, undefined);
      assert.equal(client.initializeResult.capabilities.textDocumentSync && (client.initializeResult.capabilities.textDocumentSync as { change: number }).change, 2);
    });

    it('receives a missing-step diagnostic for a note that skips Confirm, with code, link and source', async () => {
      await client.open(uri('push.md'), SKIPS_CONFIRM);
      const diagnostics = await client.waitForDiagnostics(uri('push.md'), (p) => p.version === 1);
      assert.deepEqual(rules(diagnostics), ['missing-step', 'unconfirmed-offer']);
      const d = diagnostics.find((x) => x.code === 'missing-step')!;
      assert.equal(d.source, 'mot');
      assert.equal(d.severity, 2);
      assert.deepEqual(d.range, { start: { line: 0, character: 2 }, end: { line: 0, character: 26 } });
      assert.match(String(d.message), /has no Confirm step: the customer was never asked whether the expectation was met/);
      assert.match(d.codeDescription!.href, /^file:\/\/.*\/docs\/rules\/missing-step\.md$/);
      const u = diagnostics.find((x) => x.code === 'unconfirmed-offer')!;
      assert.equal(u.relatedInformation, undefined, 'no Confirm step to point at');
    });

    it('updates diagnostics after incremental edits, for the new version', async () => {
      const text = SKIPS_CONFIRM;
      await client.open(uri('edit.md'), text);
      await client.waitForDiagnostics(uri('edit.md'), (p) => p.version === 1);
      // Insert a Confirm step at the end, then a typo in it, in two edits.
      const end = { line: text.split('\n').length - 1, character: 0 };
      await client.change(uri('edit.md'), 2, [{ range: { start: end, end }, text: '\n## Confrim\n- O1: Stephen confirmed the demo helped\n' }]);
      await client.change(uri('edit.md'), 3, [{ range: { start: { line: end.line + 1, character: 3 }, end: { line: end.line + 1, character: 10 } }, text: 'Confirm' }]);
      const diagnostics = await client.waitForDiagnostics(uri('edit.md'), (p) => p.version === 3);
      assert.deepEqual(diagnostics, []);
    });

    it('clears diagnostics when a document closes', async () => {
      await client.open(uri('close.md'), SKIPS_CONFIRM);
      await client.waitForDiagnostics(uri('close.md'), (p) => p.diagnostics.length > 0);
      await client.close(uri('close.md'));
      await client.waitForDiagnostics(uri('close.md'), (p) => p.diagnostics.length === 0);
    });

    it('gives a README-like Markdown file nothing', async () => {
      await client.open(uri('README.md'), '# Tool\n\n## Installation\n\nRun it.\n\n## Usage\n\n- step one\n');
      assert.deepEqual(await client.waitForDiagnostics(uri('README.md')), []);
    });
  });

  describe('a client with pull diagnostics (VS Code)', () => {
    let client: TestClient;
    before(async () => {
      client = await TestClient.start({ pull: true, settings: { enable: true, locale: 'auto', files: null, rules: {}, stepAliases: {}, today: '' } });
    });
    after(() => client.stop());

    it('announces the diagnostic provider and answers textDocument/diagnostic', async () => {
      assert.deepEqual(client.initializeResult.capabilities.diagnosticProvider, { identifier: 'mot', interFileDependencies: true, workspaceDiagnostics: true });
      await client.open(uri('pull.md'), SKIPS_CONFIRM);
      assert.deepEqual(rules(await client.pull(uri('pull.md'))), ['missing-step', 'unconfirmed-offer']);
      assert.equal(client.published.has(uri('pull.md')), false, 'no push when the client pulls');
    });

    it('answers pull diagnostics for the latest version after edits', async () => {
      await client.open(uri('pull2.md'), SKIPS_CONFIRM);
      await client.change(uri('pull2.md'), 2, [{ range: { start: { line: 13, character: 7 }, end: { line: 13, character: 9 } }, text: '+9' }]);
      assert.deepEqual(rules(await client.pull(uri('pull2.md'))), ['missing-step', 'score-range', 'unconfirmed-offer']);
    });

    it('applies settings from workspace/configuration', async () => {
      const other = await TestClient.start({ pull: true, settings: { rules: { 'missing-step': 'error', 'unconfirmed-offer': 'off' }, locale: 'zh-cn' } });
      try {
        await other.open(uri('settings.md'), SKIPS_CONFIRM);
        const items = await other.pull(uri('settings.md'));
        assert.deepEqual(rules(items), ['missing-step']);
        assert.equal(items[0].severity, 1);
        assert.match(String(items[0].message), /缺少“确认”步骤/);
      } finally {
        await other.stop();
      }
    });

    it('reads mot.words and mot.dateOrder like .motrc.json\'s words and dateOrder', async () => {
      // A confirmation in the team's own words for "not yet", and a due date only the day-month order settles.
      const note = [
        '# Call with ACME (2026-03-02)', '', '## Explore', '- Business win: lower cost', '- Personal win: less stress', '- Expectation: a quick answer', '',
        '## Offer', '- [O1] Send the price list', '', '## Action', '- [ ] O1 Send the price list due 03/11/2026 @paul', '', '## Confirm', '- O1: on the radar', '',
      ].join('\n');
      const found = async (settings: Record<string, unknown>) => {
        const other = await TestClient.start({ pull: true, today: TODAY, settings: { files: ['**/*.md'], ...settings } });
        try {
          await other.open(uri('words.md'), note);
          return (await other.pull(uri('words.md'))).map((d) => `${d.code}@${d.range.start.line}`).sort();
        } finally {
          await other.stop();
        }
      };
      assert.deepEqual(await found({}), ['vague-action@11'], 'without an order, 03/11/2026 is no date');
      assert.deepEqual(await found({ dateOrder: 'dmy' }), [], '3 November is still to come on 2026-06-15');
      assert.deepEqual(await found({ dateOrder: 'mdy', words: { pending: ['on the radar'] } }), ['overdue-action@11', 'unconfirmed-offer@8']);
      assert.deepEqual(await found({ dateOrder: 'auto', words: { pending: 'on the radar' } }), ['vague-action@11'], 'malformed values are ignored');
    });

    it('is silent when mot.enable is false', async () => {
      const other = await TestClient.start({ pull: true, settings: { enable: false } });
      try {
        await other.open(uri('off.md'), SKIPS_CONFIRM);
        assert.deepEqual(await other.pull(uri('off.md')), []);
      } finally {
        await other.stop();
      }
    });
  });

  describe('editor features', () => {
    let client: TestClient;
    before(async () => {
      client = await TestClient.start({ pull: true, today: TODAY });
    });
    after(() => client.stop());

    async function fixes(name: string, text: string, rule: string): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
      await client.open(uri(name), text);
      const diagnostic = (await client.pull(uri(name))).find((d) => d.code === rule);
      assert.ok(diagnostic, `no ${rule} diagnostic`);
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: uri(name) },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      });
      return { diagnostic, actions };
    }

    function apply(text: string, action: CodeAction, name: string): string {
      return applyTextEdits(text, action.edit!.changes![uri(name)]);
    }

    it('hovers coaching on a business-win label, in English', async () => {
      await client.open(uri('hover.md'), SKIPS_CONFIRM);
      const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uri('hover.md') }, position: { line: 3, character: 5 } });
      const value = (h.contents as { value: string }).value;
      assert.match(value, /\*\*Business win\*\* — what the customer's \*organisation\* gains/);
      assert.deepEqual(h.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 15 } });
    });

    it('hovers in Chinese for a Chinese client', async () => {
      const zh = await TestClient.start({ pull: true, locale: 'zh-cn', today: TODAY });
      try {
        await zh.open(uri('hover-zh.md'), SKIPS_CONFIRM);
        const h = await zh.request<Hover>('textDocument/hover', { textDocument: { uri: uri('hover-zh.md') }, position: { line: 4, character: 5 } });
        assert.match((h.contents as { value: string }).value, /\*\*个人利益\*\* —— 对方\*个人\*得到的好处/);
        const step = await zh.request<Hover>('textDocument/hover', { textDocument: { uri: uri('hover-zh.md') }, position: { line: 10, character: 4 } });
        assert.match((step.contents as { value: string }).value, /\*\*行动\*\* —— 按时兑现你的提议/);
      } finally {
        await zh.stop();
      }
    });

    it('hovers a step, a score, an offer id and a call heading', async () => {
      await client.open(uri('hover2.md'), SKIPS_CONFIRM);
      const at = async (line: number, character: number) =>
        ((await client.request<Hover>('textDocument/hover', { textDocument: { uri: uri('hover2.md') }, position: { line, character } })).contents as { value: string }).value;
      assert.match(await at(2, 5), /\*\*Explore\*\*[\s\S]*Active listening/);
      assert.match(await at(13, 8), /\*\*\+1\*\* — met expectations[\s\S]*positive moment of truth/);
      assert.match(await at(11, 7), /\*\*O1\*\*[\s\S]*✅ done: O1 Demo given @nancy[\s\S]*not confirmed/);
      assert.match(await at(0, 6), /✅ Explore · ✅ Offer · ✅ Action · ❌ Confirm/);
      assert.equal(await client.request('textDocument/hover', { textDocument: { uri: uri('hover2.md') }, position: { line: 1, character: 0 } }), null);
    });

    it('inserts the missing Confirm step; the note no longer misses it', async () => {
      const { actions } = await fixes('fix-confirm.md', SKIPS_CONFIRM, 'missing-step');
      const insert = actions.find((a) => a.title === 'Insert the Confirm step')!;
      assert.ok(insert && insert.isPreferred && insert.kind === 'quickfix');
      const fixed = apply(SKIPS_CONFIRM, insert, 'fix-confirm.md');
      assert.match(fixed, /\n## Confirm\n- \[ \] O1 Ask: "Did we provide the service you needed\?"\n/);
      assert.ok(!lintRules(fixed).includes('missing-step'), lintRules(fixed).join());
    });

    it('plans a confirmation for an unconfirmed offer; ticking it is a separate, deliberate fix', async () => {
      const { actions } = await fixes('fix-offer.md', SKIPS_CONFIRM, 'unconfirmed-offer');
      const plan = actions.find((a) => a.title === 'Plan to ask the customer about O1')!;
      assert.ok(plan, actions.map((a) => a.title).join());
      assert.ok(!actions.some((a) => /Mark O1 as confirmed/.test(a.title)), 'nothing to tick before a confirmation is planned');
      const planned = apply(SKIPS_CONFIRM, plan, 'fix-offer.md');
      assert.match(planned, /\n## Confirm\n- \[ \] O1 Ask: "Did we provide the service you needed\?"\n/);
      // Planning is not confirming: the offer is still unconfirmed, only planned now.
      assert.deepEqual(lintRules(planned), ['unconfirmed-offer']);
      const second = await fixes('fix-offer-2.md', planned, 'unconfirmed-offer');
      assert.match(String(second.diagnostic.message), /only planned/);
      const tick = second.actions.find((a) => a.title === 'Mark O1 as confirmed')!;
      assert.ok(tick && !tick.isPreferred, 'the tick is offered, never preferred');
      assert.deepEqual(lintRules(apply(planned, tick, 'fix-offer-2.md')), []);
    });

    it('renames a step typo', async () => {
      const text = SKIPS_CONFIRM.replace('## Explore', '## Exlpore');
      const { actions } = await fixes('fix-typo.md', text, 'step-typo');
      const rename = actions.find((a) => a.title === 'Change to "Explore"')!;
      assert.equal(apply(text, rename, 'fix-typo.md'), SKIPS_CONFIRM);
    });

    it('disables a rule for the next line', async () => {
      const { actions } = await fixes('fix-disable.md', SKIPS_CONFIRM, 'unconfirmed-offer');
      const disable = actions.find((a) => a.title === 'Disable unconfirmed-offer for this line')!;
      const fixed = apply(SKIPS_CONFIRM, disable, 'fix-disable.md');
      assert.match(fixed, /<!-- mot-disable-next-line unconfirmed-offer -->\n- \[O1\]/);
      assert.deepEqual(lintRules(fixed), ['missing-step']);
    });

    it('offers a fix-all source action that fixes typos and inserts missing steps', async () => {
      const text = SKIPS_CONFIRM.replace('## Explore', '## Exlpore');
      await client.open(uri('fixall.md'), text);
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: uri('fixall.md') },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      });
      assert.equal(actions.length, 1);
      assert.equal(actions[0].kind, 'source.fixAll.mot');
      const fixed = apply(text, actions[0], 'fixall.md');
      assert.deepEqual(lintRules(fixed), ['unconfirmed-offer'], 'only the planned (open) confirmation remains');
    });

    it('completes step names, Explore labels and offer ids', async () => {
      const text = '# Call\n## Explore\n- \n## Offer\n- [O1] Demo\n- [O2] Call back\n## Action\n- [ ] O\n## \n';
      await client.open(uri('complete.md'), text);
      const at = (line: number, character: number) =>
        client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: uri('complete.md') }, position: { line, character } });
      const steps = (await at(8, 3)).map((c) => c.label);
      assert.deepEqual(steps.slice(0, 8), ['Explore', '探索', 'Offer', '提议', 'Action', '行动', 'Confirm', '确认']);
      const labels = (await at(2, 2)).map((c) => c.label);
      assert.ok(labels.includes('Business win') && labels.includes('个人利益') && labels.includes('Expectation (implicit)'), labels.join());
      const ids = await at(7, 7);
      assert.deepEqual(ids.map((c) => c.label), ['O1', 'O2']);
      assert.deepEqual((ids[0] as { textEdit: { range: unknown } }).textEdit.range, { start: { line: 7, character: 6 }, end: { line: 7, character: 7 } });
      assert.deepEqual(await at(4, 8), [], 'nothing to complete inside an offer');
    });

    it('lists calls, steps and offers as symbols, folds calls and steps, and shows a lens per call', async () => {
      await client.open(uri('outline.md'), SKIPS_CONFIRM);
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uri('outline.md') } });
      assert.equal(symbols.length, 1);
      assert.equal(symbols[0].name, 'Call with Stephen Cheung');
      assert.deepEqual(symbols[0].children!.map((s) => s.name), ['Explore', 'Offer', 'Action']);
      assert.deepEqual(symbols[0].children![1].children!.map((s) => s.name), ['O1']);
      const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: uri('outline.md') } });
      assert.deepEqual(folds.map((f) => [f.startLine, f.endLine]), [[0, 13], [2, 5], [7, 8], [10, 13]]);
      const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri('outline.md') } });
      assert.equal(lenses.length, 1);
      assert.equal(lenses[0].command!.title, '✓ Explore  ✓ Offer  ✓ Action  ✗ Confirm · 1 open offer · score +1');
    });

    it('answers mot/documentStatus for the status bar', async () => {
      await client.open(uri('status.md'), SKIPS_CONFIRM);
      assert.deepEqual(await client.request('mot/documentStatus', { uri: uri('status.md') }), { isCallNote: true, calls: 1, openOffers: 1, findings: 2, customer: null });
      // The customer timeline's picker starts with the note's customer.
      await client.open(uri('status-acme.md'), `---\ncustomer: ACME\n---\n${SKIPS_CONFIRM}`);
      assert.equal((await client.request('mot/documentStatus', { uri: uri('status-acme.md') })).customer, 'ACME');
    });
  });

  describe('.motrc.json', () => {
    it('applies the nearest .motrc.json, re-reads it when it changes, and reports an invalid one', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mot-lsp-config-'));
      const config = join(dir, '.motrc.json');
      writeFileSync(config, '{ "rules": { "missing-step": "error" } }');
      const client = await TestClient.start({ pull: true, today: TODAY, workspace: dir });
      try {
        const note = pathToFileURL(join(dir, 'a.md')).href;
        await client.open(note, SKIPS_CONFIRM);
        const first = await client.pull(note);
        assert.equal(first.find((d) => d.code === 'missing-step')?.severity, 1);

        writeFileSync(config, '{ "rules": { "missing-step": "off" } }');
        await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(config).href, type: 2 }] });
        assert.deepEqual(rules(await client.pull(note)), ['unconfirmed-offer']);

        writeFileSync(config, '{ "rules": { "missing-step": "loud" } }');
        await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(config).href, type: 2 }] });
        assert.deepEqual(rules(await client.pull(note)), ['missing-step', 'unconfirmed-offer'], 'defaults while the file is invalid');
        assert.ok(
          client.logs.some((l) => l.startsWith('showMessage: MOT: invalid configuration') && l.includes('.motrc.json:1:30: bad severity for "missing-step"')),
          client.logs.join('\n'),
        );
      } finally {
        await client.stop();
      }
    });
  });

  describe('resilience', () => {
    let client: TestClient;
    before(async () => {
      client = await TestClient.start({ pull: true, today: TODAY });
    });
    after(() => client.stop());

    it('answers malformed requests with an error or an empty result and keeps serving', async () => {
      // A hover for no document: an empty answer (or an error) is fine; the server must not die.
      const bad = await client.request('textDocument/hover', { textDocument: {} }).catch((e: Error) => e);
      assert.ok(bad === null || bad instanceof Error);
      await assert.rejects(client.request('mot/unknownMethod', {}), /Unhandled method/);
      assert.equal(await client.request('textDocument/hover', { textDocument: { uri: uri('never-opened.md') }, position: { line: 0, character: 0 } }), null);
      assert.deepEqual(await client.pull(uri('never-opened.md')), []);
      await client.open(uri('after.md'), SKIPS_CONFIRM);
      const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uri('after.md') }, position: { line: 9999, character: 9999 } });
      assert.equal(h, null);
      assert.deepEqual(rules(await client.pull(uri('after.md'))), ['missing-step', 'unconfirmed-offer']);
      assert.ok(client.alive);
    });

    it('survives a malformed JSON body on the wire', async () => {
      const stdin = client.child.stdin as Writable;
      const body = '{"jsonrpc":"2.0","id":999,"method":"textDocument/hover",';
      stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      await client.open(uri('after-bad-json.md'), SKIPS_CONFIRM);
      assert.deepEqual(rules(await client.pull(uri('after-bad-json.md'))), ['missing-step', 'unconfirmed-offer']);
    });

    it('analyses a 5 MB document and still answers afterwards', async () => {
      const big = Array.from({ length: 17000 }, (_, i) => SKIPS_CONFIRM.replace('Call with Stephen Cheung', `Call ${i}`)).join('\n');
      assert.ok(big.length > 5_000_000, `${big.length}`);
      await client.open(uri('big.md'), big);
      const items = await client.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: uri('big.md') } }, 120000);
      // 34,000 findings: the 999 most severe, and one that says how many more there are.
      assert.equal(items.items.length, 1000);
      assert.match(String(items.items[999].message), /^33,001 more MOT problems are not shown .*mot lint.*mot\.maxProblems/);
      const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uri('big.md') }, position: { line: 3, character: 5 } });
      assert.ok(h);
      assert.ok(client.alive);
    });
  });
});
