/**
 * `mot/report` over the protocol (dist/server.js over stdio): the customer
 * timeline the editor shows, from the workspace index; its links are command
 * URIs that open a note at its call; it follows edits of open notes; and the
 * code lens on a note's `customer:` line, for a client that declares it can
 * run `mot.showTimeline`.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import type { FollowUpsResult, ReportResult } from '../../server/src/protocol.js';
import { TestClient, untilIndexComplete, type ClientOptions } from './client.js';

type Element = DefaultTreeAdapterMap['element'];
type Node = DefaultTreeAdapterMap['node'];

const TODAY = '2026-11-24';

const note = (customer: string, date: string, score: string, confirm: string) => `---
customer: ${customer}
date: ${date}
score: ${score}
---
# Call with ${customer} on ${date}

## Explore
- Business win: fewer stoppages

## Offer
- [O1] Pilot plan

## Action
- [ ] O1 send the pilot plan due 2026-11-30 @paul

## Confirm
${confirm}
`;

const FILES = {
  'filtex/2026-11-10.call.md': note('Filtex', '2026-11-10', '+1', '- O1: he said the plan is what he needed'),
  'filtex/2026-11-17.call.md': note('FILTEX', '2026-11-17', '-2', "- Didn't check whether the plan was enough"),
  'tns/2026-11-18.call.md': note('TNS', '2026-11-18', '+2', '- O1: Nancy said yes'),
  'walk-ins/2026-11-20.call.md': '# Trade show visit 2026-11-20\n\n## Explore\n- Business win: faster scanning\n\n## Offer\n- [O1] Two scanners on loan\n\n## Action\n- [ ] O1 ship them due 2026-11-27\n\n## Confirm\n- O1: she said that works\n',
};

function* walk(node: Node): Generator<Element> {
  if ('tagName' in node) yield node;
  for (const child of 'childNodes' in node ? node.childNodes : []) yield* walk(child);
}
const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;
const bodyElements = (r: ReportResult) => [...walk(parse(`<!DOCTYPE html><html><head><style>${r.style}</style></head><body>${r.body}</body></html>`))];

describe('mot/report (the customer timeline)', function () {
  this.timeout(60000);
  let dir: string;
  const uri = (name: string) => pathToFileURL(join(dir, name)).href;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mot-report-ws-'));
    for (const [name, text] of Object.entries(FILES)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function start(options: ClientOptions = {}): Promise<TestClient> {
    const client = await TestClient.start({
      pull: true,
      today: TODAY,
      workspace: dir,
      settings: {},
      ...options,
      initializationOptions: { followUpsChanged: true, ...options.initializationOptions },
    });
    await untilIndexComplete<FollowUpsResult>(client);
    return client;
  }

  it("answers one customer's timeline, whatever the case of its name, with links that open each call", async () => {
    const client = await start();
    try {
      const r = await client.request<ReportResult>('mot/report', { customer: 'filtex' });
      assert.equal(r.complete, true);
      assert.equal(r.title, 'Filtex', 'shown by its first spelling');
      assert.deepEqual(r.customers, [
        { key: 'filtex', label: 'Filtex', calls: 2 },
        { key: uri('walk-ins'), label: 'Notes with no customer: walk-ins', calls: 1 },
        { key: 'tns', label: 'TNS', calls: 1 },
      ]);
      const all = bodyElements(r);
      assert.ok(!all.some((e) => e.tagName === 'script'));
      assert.equal(all.filter((e) => e.tagName === 'svg').length, 1, "one chart: this customer's");
      assert.equal(all.filter((e) => e.tagName === 'circle').length, 2);
      assert.equal(all.filter((e) => e.tagName === 'circle' && attr(e, 'class')!.includes('unconfirmed')).length, 1, "Didn't check is no confirmation");
      const links = new Set(all.filter((e) => e.tagName === 'a').map((e) => attr(e, 'href')!));
      for (const l of links) assert.match(l, /^command:mot\.openNote\?/);
      const targets = [...links].map((l) => JSON.parse(decodeURIComponent(l.slice('command:mot.openNote?'.length))) as [string, number]);
      assert.ok(targets.some(([u, line]) => u === uri('filtex/2026-11-17.call.md') && line === 6), JSON.stringify(targets));
      assert.ok(!targets.some(([u]) => u.includes('/tns/')), 'only this customer');
      // The folder of notes that name no customer is a customer of its own.
      const walkIns = await client.request<ReportResult>('mot/report', { customer: uri('walk-ins') });
      assert.equal(bodyElements(walkIns).filter((e) => e.tagName === 'circle').length, 1);
      // Every customer, and the locale asked for.
      const zh = await client.request<ReportResult>('mot/report', { locale: 'zh-CN' });
      assert.equal(zh.title, '关键时刻报告');
      assert.equal(bodyElements(zh).filter((e) => e.tagName === 'svg').length, 3);
      // Bad parameters are left out, not an error.
      const loose = await client.request<ReportResult>('mot/report', { customer: 7, since: 'last week' });
      assert.equal(loose.title, 'MOT report');
    } finally {
      await client.stop();
    }
  });

  it('follows an open note as it is edited', async () => {
    const client = await start();
    try {
      const u = uri('tns/2026-11-18.call.md');
      const seen = client.notifications.get('mot/followUpsChanged') ?? 0;
      await client.open(u, FILES['tns/2026-11-18.call.md'].replace('score: +2', 'score: -3').replace('- O1: Nancy said yes', "- Didn't ask whether the workshop suits her"));
      await client.until(() => ((client.notifications.get('mot/followUpsChanged') ?? 0) > seen ? true : undefined), 'mot/followUpsChanged');
      const r = await client.request<ReportResult>('mot/report', { customer: 'TNS' });
      const circles = bodyElements(r).filter((e) => e.tagName === 'circle');
      assert.equal(circles.length, 1);
      assert.match(attr(circles[0]!, 'class')!, /negative/);
      assert.match(attr(circles[0]!, 'class')!, /unconfirmed/);
    } finally {
      await client.stop();
    }
  });

  it("puts a lens on the note's customer line that runs mot.showTimeline, for a client that declares it", async () => {
    const plain = await start();
    const lensed = await start({ initializationOptions: { customerTimeline: true } });
    try {
      const u = uri('filtex/2026-11-17.call.md');
      for (const c of [plain, lensed]) await c.open(u, FILES['filtex/2026-11-17.call.md']);
      type Lens = { range: { start: { line: number; character: number } }; command: { title: string; command: string; arguments?: unknown[] } };
      const without = await plain.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: u } });
      assert.ok(without.length > 0 && !without.some((l) => l.command.command === 'mot.showTimeline'), 'no dead link for a client without the command');
      const lenses = await lensed.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: u } });
      const timeline = lenses.find((l) => l.command.command === 'mot.showTimeline');
      assert.ok(timeline, JSON.stringify(lenses));
      assert.deepEqual(timeline.command.arguments, ['FILTEX']);
      assert.equal(timeline.command.title, 'Show the timeline of FILTEX');
      assert.deepEqual(timeline.range.start, { line: 1, character: 0 });
      // A note with no customer has no such lens.
      const w = uri('walk-ins/2026-11-20.call.md');
      await lensed.open(w, FILES['walk-ins/2026-11-20.call.md']);
      assert.ok(!(await lensed.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: w } })).some((l) => l.command.command === 'mot.showTimeline'));
    } finally {
      await plain.stop();
      await lensed.stop();
    }
  });
});
