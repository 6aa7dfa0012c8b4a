/**
 * The workspace index over the protocol (dist/server.js over stdio): every
 * call note under the workspace folder is read in the background after
 * `initialized`, with work-done progress for a client that declares it; its
 * findings answer `workspace/diagnostic` (with `unchanged` for notes whose
 * report the client holds) or are published to a client that does not pull;
 * `mot/followUps` lists its open commitments; watched-file events keep it
 * current; a broken file does not stop it.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FollowUpsResult } from '../../server/src/protocol.js';
import { TestClient, untilIndexComplete, type ClientOptions } from './client.js';

const TODAY = '2026-11-22';

const FILTEX = `---
customer: Filtex
date: 2026-11-10
---
# Call with Stephen 2026-11-10

## Explore
- Business win: fewer stoppages

## Offer
- [O1] Pilot plan for the Penang plant

## Action
- [ ] O1 send the pilot plan due 2026-11-15 @paul

## Confirm
- [ ] O1 ask whether the plan is what he needed
`;

const TNS = `---
customer: TNS
---
# Call with Nancy 2026-11-18

## Explore
- Business win: a shared roadmap

## Offer
- [O1] Joint workshop

## Action
- [ ] O1 book the workshop room due 2026-11-25 @amy

## Confirm
- O1: Nancy said yes
`;

const README = '# Notes\n\nHow we keep call notes. Nothing here is a call.\n';

/** A workspace folder of notes, and the URI of each file in it. */
function workspace(files: Record<string, string | Buffer>): { dir: string; uri: (name: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'mot-ws-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, uri: (name) => pathToFileURL(join(dir, name)).href };
}

/** Starts a client on `dir` that is told of follow-up changes, and waits until the index is complete. */
async function startIndexed(dir: string, options: ClientOptions = {}): Promise<TestClient> {
  const client = await TestClient.start({
    pull: true,
    today: TODAY,
    workspace: dir,
    settings: {},
    ...options,
    initializationOptions: { followUpsChanged: true, ...options.initializationOptions },
  });
  await untilComplete(client);
  return client;
}

/** The follow-ups once the index is complete: asked after each `mot/followUpsChanged`. */
function untilComplete(client: TestClient, params: object = {}): Promise<FollowUpsResult> {
  return untilIndexComplete<FollowUpsResult>(client, params);
}

/** Waits for the next `mot/followUpsChanged` after `seen`, then answers the follow-ups. */
async function afterChange(client: TestClient, seen: number, params: object = {}): Promise<FollowUpsResult> {
  await client.until(() => ((client.notifications.get('mot/followUpsChanged') ?? 0) > seen ? true : undefined), 'mot/followUpsChanged');
  return client.request<FollowUpsResult>('mot/followUps', params);
}

interface WorkspaceReport {
  items: { kind: string; uri: string; resultId?: string; version: number | null; items?: { code?: unknown; message: string }[] }[];
}

/** A workspace pull holding the given result ids; the reports by URI. */
async function pullWorkspace(client: TestClient, held: Map<string, string> = new Map()): Promise<Map<string, WorkspaceReport['items'][number]>> {
  const report = await client.request<WorkspaceReport>('workspace/diagnostic', { previousResultIds: [...held].map(([uri, value]) => ({ uri, value })) });
  const out = new Map(report.items.map((i) => [i.uri, i]));
  assert.equal(out.size, report.items.length, 'one report per note');
  return out;
}

function resultIds(reports: Map<string, WorkspaceReport['items'][number]>): Map<string, string> {
  return new Map([...reports].filter(([, r]) => r.resultId).map(([uri, r]) => [uri, r.resultId!]));
}

describe('the workspace index', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const make = (files: Record<string, string | Buffer>) => {
    const ws = workspace(files);
    dirs.push(ws.dir);
    return ws;
  };

  it('reads the workspace after initialized, with work-done progress from 0 to 100%', async () => {
    const ws = make({ 'filtex.call.md': FILTEX, 'calls/tns.md': TNS, 'README.md': README });
    const client = await TestClient.start({ pull: true, today: TODAY, workspace: ws.dir, workDoneProgress: true });
    try {
      const end = await client.until(() => client.progress.find((p) => p.value.kind === 'end'), 'the end of the progress');
      assert.ok(client.serverRequests.includes('window/workDoneProgress/create'));
      const ofToken = client.progress.filter((p) => p.token === end.token).map((p) => p.value);
      assert.equal(ofToken[0].kind, 'begin');
      assert.equal(ofToken[0].title, 'Reading call notes');
      assert.equal(ofToken[0].message, '0/3');
      const reports = ofToken.filter((v) => v.kind === 'report');
      assert.equal(reports.at(-1)?.percentage, 100);
      assert.equal(reports.at(-1)?.message, '3/3');
      const result = await client.request<FollowUpsResult>('mot/followUps', {});
      assert.equal(result.complete, true);
    } finally {
      await client.stop();
    }
  });

  it('sends no progress to a client that does not declare window.workDoneProgress', async () => {
    const ws = make({ 'filtex.call.md': FILTEX });
    const client = await startIndexed(ws.dir);
    try {
      assert.deepEqual(client.serverRequests.filter((m) => m === 'window/workDoneProgress/create'), []);
      assert.deepEqual(client.progress, []);
    } finally {
      await client.stop();
    }
  });

  it('answers mot/followUps with the objects of `mot followups --format json`, most urgent first, and filters them', async () => {
    const ws = make({ 'filtex.call.md': FILTEX, 'calls/tns.md': TNS, 'README.md': README });
    const client = await startIndexed(ws.dir);
    try {
      const all = await client.request<FollowUpsResult>('mot/followUps', {});
      assert.equal(all.today, TODAY);
      assert.deepEqual(all.items, [
        {
          file: ws.uri('filtex.call.md'),
          line: 14,
          column: 7,
          kind: 'action',
          status: 'overdue',
          text: 'O1 send the pilot plan due 2026-11-15 @paul',
          id: 'O1',
          due: '2026-11-15',
          owner: 'paul',
          customer: 'Filtex',
          call: 'Call with Stephen 2026-11-10',
          callDate: '2026-11-10',
        },
        {
          file: ws.uri('calls/tns.md'),
          line: 13,
          column: 7,
          kind: 'action',
          status: 'open',
          text: 'O1 book the workshop room due 2026-11-25 @amy',
          id: 'O1',
          due: '2026-11-25',
          owner: 'amy',
          customer: 'TNS',
          call: 'Call with Nancy 2026-11-18',
          callDate: '2026-11-18',
        },
        {
          file: ws.uri('filtex.call.md'),
          line: 11,
          column: 3,
          kind: 'offer',
          status: 'planned',
          text: 'Pilot plan for the Penang plant',
          id: 'O1',
          due: null,
          owner: null,
          customer: 'Filtex',
          call: 'Call with Stephen 2026-11-10',
          callDate: '2026-11-10',
        },
      ]);
      assert.equal(all.overdue, 1);
      assert.equal(all.overdueInWorkspace, 1);

      const amy = await client.request<FollowUpsResult>('mot/followUps', { owner: '@Amy' });
      assert.deepEqual(amy.items.map((f) => f.text), ['O1 book the workshop room due 2026-11-25 @amy']);
      assert.equal(amy.overdue, 0);
      assert.equal(amy.overdueInWorkspace, 1, 'the workspace count ignores the filters');
      const filtex = await client.request<FollowUpsResult>('mot/followUps', { customer: 'filtex' });
      assert.deepEqual(filtex.items.map((f) => f.kind), ['action', 'offer']);
      const soon = await client.request<FollowUpsResult>('mot/followUps', { dueBefore: '2026-11-20' });
      assert.deepEqual(soon.items.map((f) => f.due), ['2026-11-15']);
      // Malformed filters are left out, not an error.
      const loose = await client.request<FollowUpsResult>('mot/followUps', { owner: 7, dueBefore: 'soon' });
      assert.equal(loose.items.length, 3);
    } finally {
      await client.stop();
    }
  });

  it('answers workspace/diagnostic with a report per note and resultIds, then `unchanged` for what the client holds', async () => {
    const ws = make({ 'filtex.call.md': FILTEX, 'calls/tns.md': TNS, 'README.md': README });
    const client = await startIndexed(ws.dir);
    try {
      const caps = client.initializeResult.capabilities.diagnosticProvider as { workspaceDiagnostics?: boolean; interFileDependencies?: boolean };
      assert.equal(caps.workspaceDiagnostics, true);
      assert.equal(caps.interFileDependencies, true);

      const first = await pullWorkspace(client);
      assert.deepEqual([...first.keys()].sort(), [ws.uri('calls/tns.md'), ws.uri('filtex.call.md')].sort(), 'no report for the README');
      const filtex = first.get(ws.uri('filtex.call.md'))!;
      assert.equal(filtex.kind, 'full');
      assert.equal(filtex.version, null);
      assert.ok(filtex.resultId);
      assert.deepEqual(filtex.items!.map((d) => d.code).sort(), ['missing-expectation', 'missing-wins', 'overdue-action', 'unconfirmed-offer']);

      const second = await pullWorkspace(client, resultIds(first));
      assert.deepEqual([...second.values()].map((r) => r.kind), ['unchanged', 'unchanged']);
      assert.deepEqual(resultIds(second), resultIds(first));
    } finally {
      await client.stop();
    }
  });

  it('lets a later note confirm an earlier offer (O1@date): the earlier note\'s report changes without opening it', async () => {
    const later = `---\ncustomer: FILTEX\n---\n# Call with Stephen 2026-11-20\n## Explore\n- Business win: fewer stoppages\n## Offer\n- [O1] Training for the night shift\n## Action\n- [x] O1 training booked\n## Confirm\n- O1: he said the date suits the shift\n- O1@2026-11-10: Stephen said the pilot plan was what he needed\n- O9@2026-11-10: asked about the other thing\n`;
    const ws = make({ 'filtex.call.md': FILTEX, 'later.call.md': later });
    const client = await startIndexed(ws.dir);
    try {
      const first = await pullWorkspace(client);
      const codes = (uri: string, m = first) => m.get(uri)!.items!.map((d) => String(d.code)).sort();
      assert.ok(!codes(ws.uri('filtex.call.md')).includes('unconfirmed-offer'), 'the later note confirms O1');
      assert.ok(codes(ws.uri('later.call.md')).includes('unknown-offer-ref'), 'O9 is no offer of that call');
      const list = await untilComplete(client);
      assert.ok(!list.items.some((f) => f.kind === 'offer' && f.file === ws.uri('filtex.call.md')), 'a covered offer is no follow-up');

      // The confirming note goes: the earlier offer is open again, and its report is new.
      const held = resultIds(first);
      const seen = client.notifications.get('mot/followUpsChanged') ?? 0;
      rmSync(join(ws.dir, 'later.call.md'));
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('later.call.md'), type: 3 }] });
      await afterChange(client, seen);
      const after = await pullWorkspace(client, held);
      assert.equal(after.get(ws.uri('filtex.call.md'))!.kind, 'full');
      assert.ok(codes(ws.uri('filtex.call.md'), after).includes('unconfirmed-offer'));
    } finally {
      await client.stop();
    }
  });

  it('follows watched-file creates, changes and deletes (and a deleted folder)', async () => {
    const ws = make({ 'filtex.call.md': FILTEX, 'calls/tns.md': TNS });
    const client = await startIndexed(ws.dir);
    try {
      const held = resultIds(await pullWorkspace(client));
      const watched = (changes: { uri: string; type: number }[]) => client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });

      // Changed: the TNS action is done.
      let seen = client.notifications.get('mot/followUpsChanged') ?? 0;
      writeFileSync(join(ws.dir, 'calls/tns.md'), TNS.replace('- [ ] O1 book', '- [x] O1 book'));
      await watched([{ uri: ws.uri('calls/tns.md'), type: 2 }]);
      let list = await afterChange(client, seen);
      assert.deepEqual(list.items.map((f) => f.customer), ['Filtex', 'Filtex']);
      const afterEdit = await pullWorkspace(client, held);
      assert.equal(afterEdit.get(ws.uri('filtex.call.md'))!.kind, 'unchanged');
      assert.equal(afterEdit.get(ws.uri('calls/tns.md'))!.kind, 'full');
      assert.notEqual(afterEdit.get(ws.uri('calls/tns.md'))!.resultId, held.get(ws.uri('calls/tns.md')));

      // Created.
      seen = client.notifications.get('mot/followUpsChanged') ?? 0;
      writeFileSync(join(ws.dir, 'calls/new.md'), TNS.replace('customer: TNS', 'customer: Huafang'));
      await watched([{ uri: ws.uri('calls/new.md'), type: 1 }]);
      list = await afterChange(client, seen);
      assert.ok(list.items.some((f) => f.customer === 'Huafang' && f.file === ws.uri('calls/new.md')));

      // Deleted: its report is emptied for a client that held it.
      const before = resultIds(await pullWorkspace(client));
      seen = client.notifications.get('mot/followUpsChanged') ?? 0;
      rmSync(join(ws.dir, 'filtex.call.md'));
      await watched([{ uri: ws.uri('filtex.call.md'), type: 3 }]);
      list = await afterChange(client, seen);
      assert.ok(!list.items.some((f) => f.customer === 'Filtex'));
      const gone = (await pullWorkspace(client, before)).get(ws.uri('filtex.call.md'))!;
      assert.equal(gone.kind, 'full');
      assert.deepEqual(gone.items, []);

      // A folder deleted with its notes.
      seen = client.notifications.get('mot/followUpsChanged') ?? 0;
      rmSync(join(ws.dir, 'calls'), { recursive: true });
      await watched([{ uri: ws.uri('calls'), type: 3 }]);
      list = await untilComplete(client);
      assert.deepEqual(list.items, []);
    } finally {
      await client.stop();
    }
  });

  it('registers watchers for notes and folders with a client that declares dynamic registration', async () => {
    const ws = make({ 'filtex.call.md': FILTEX });
    const client = await TestClient.start({ pull: true, today: TODAY, workspace: ws.dir });
    try {
      await client.waitForServerRequest('client/registerCapability', 1);
      const registrations = client.serverRequestParams.filter((r) => r.method === 'client/registerCapability').flatMap((r) => r.params.registrations);
      const watched = registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
      assert.deepEqual(watched.registerOptions.watchers, [
        { globPattern: '**/.motrc.json' },
        { globPattern: '**/*.{md,markdown}' },
        { globPattern: '**/*', kind: 5 },
      ]);
      const configuration = registrations.find((r) => r.method === 'workspace/didChangeConfiguration');
      assert.deepEqual(configuration.registerOptions, { section: ['mot', 'files.exclude'] });
    } finally {
      await client.stop();
    }
  });

  it('with mot.workspaceDiagnostics off, reports no note that is not open, and still lists the follow-ups', async () => {
    const ws = make({ 'filtex.call.md': FILTEX });
    const client = await startIndexed(ws.dir, { settings: { workspaceDiagnostics: false } });
    try {
      assert.equal((await pullWorkspace(client)).size, 0);
      assert.equal((await client.request<FollowUpsResult>('mot/followUps', {})).items.length, 2);
    } finally {
      await client.stop();
    }
  });

  it('reads mot.workspaceDiagnostics from initializationOptions too', async () => {
    const ws = make({ 'filtex.call.md': FILTEX });
    const client = await startIndexed(ws.dir, { settings: undefined, initializationOptions: { workspaceDiagnostics: false } });
    try {
      assert.equal((await pullWorkspace(client)).size, 0);
    } finally {
      await client.stop();
    }
  });

  it('leaves out what files.exclude hides, and node_modules', async () => {
    const ws = make({ 'filtex.call.md': FILTEX, 'archive/old.call.md': TNS, 'node_modules/pkg/x.call.md': TNS });
    const client = await startIndexed(ws.dir, { sections: { 'files.exclude': { '**/archive': true, '**/.git': true, '**/*.tmp': false } } });
    try {
      assert.deepEqual([...(await pullWorkspace(client)).keys()], [ws.uri('filtex.call.md')]);
    } finally {
      await client.stop();
    }
  });

  it('publishes the findings of notes that are not open to a client that does not pull, and follows the editor while one is open', async () => {
    const ws = make({ 'filtex.call.md': FILTEX });
    const client = await startIndexed(ws.dir, { pull: false });
    const uri = ws.uri('filtex.call.md');
    try {
      const fromDisk = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'overdue-action'));
      assert.equal(fromDisk.filter((d) => d.code === 'overdue-action').length, 1);
      // Opened with the action done: the editor's text decides, for diagnostics and the list.
      const seen = client.notifications.get('mot/followUpsChanged') ?? 0;
      await client.open(uri, FILTEX.replace('- [ ] O1 send', '- [x] O1 send'));
      await client.waitForDiagnostics(uri, (p) => p.version === 1 && !p.diagnostics.some((d) => d.code === 'overdue-action'));
      const list = await afterChange(client, seen);
      assert.deepEqual(list.items.map((f) => f.kind), ['offer']);
      // Closed without saving: the disk's text again.
      await client.close(uri);
      await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'overdue-action'));
    } finally {
      await client.stop();
    }
  });

  it('goes on past binary, non-UTF-8, unreadable and broken notes, naming the file in the log', async () => {
    const ws = make({
      'a-binary.call.md': Buffer.from([0x23, 0x20, 0, 1, 2, 3]),
      'b-latin1.call.md': Buffer.from('# Caf\xe9 call\n## Explore\n## Offer\n', 'latin1'),
      'c-broken.call.md': '---\ncustomer: [unclosed\n---\n# Call\n## Offer\n- [O1] x\n',
      'd-huge-line.call.md': `# Call\n## Offer\n- ${'*a'.repeat(30000)}\n## Action\n- [ ] x due 2026-11-01\n`,
      'filtex.call.md': FILTEX,
    });
    const client = await startIndexed(ws.dir);
    try {
      const reports = await pullWorkspace(client);
      assert.ok(reports.has(ws.uri('filtex.call.md')));
      assert.ok(reports.get(ws.uri('c-broken.call.md'))!.items!.some((d) => d.code === 'front-matter'));
      assert.ok(!reports.has(ws.uri('a-binary.call.md')));
      assert.ok(!reports.has(ws.uri('b-latin1.call.md')));
      assert.ok(client.logs.some((l) => l.includes('a-binary.call.md') && /binary/.test(l)), client.logs.join('\n'));
      assert.ok(client.logs.some((l) => l.includes('b-latin1.call.md') && /UTF-8/.test(l)), client.logs.join('\n'));
      const list = await client.request<FollowUpsResult>('mot/followUps', {});
      assert.ok(list.items.some((f) => f.file === ws.uri('d-huge-line.call.md')));
      assert.ok(client.alive);
    } finally {
      await client.stop();
    }
  });
});
