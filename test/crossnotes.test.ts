/**
 * Cross-note references (FORMAT.md "Cross-note references"): `O1@2026-11-10`
 * in a later note names offer O1 of the same customer's call of that date.
 * The pure resolution over digests, the edits it makes to a note's findings,
 * and `mot lint` over the follow-ups fixture repository, with and without the
 * earlier note among its inputs, with and without `--cache`.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { analyze, applyCrossNotes, applyCrossNotesToShown, crossNoteEdits, topFindings, defaultConfig, digestNote, resolveCrossNotes, type CrossNoteInput } from '../server/src/core/index.js';
import { runCli } from '../server/src/cli/lint.js';
import { expectedFindings, listFiles, ROOT } from './helpers.js';

const TODAY = '2026-11-24';
const REPO = join(ROOT, 'test/fixtures/followups');

const EARLIER = `---
customer: FILTEX
date: 2026-11-10
---

# Call with Stephen

## Explore

- Business win: a flat filter cost

## Offer

- [O1] Send the pricing sheet
- [O2] Arrange a pilot

## Action

- [ ] O1 @paul send the pricing sheet due 2026-11-30

## Confirm

- [ ] O1 Ask whether the price fits
`;

function later(confirm: string, action = '- [x] O1 Sent it'): string {
  return `---
customer: Filtex
date: 2026-11-17
---

# Follow-up with Stephen

## Explore

- Business win: a flat filter cost

## Offer

- [O1] Share a case study

## Action

${action}

## Confirm

${confirm}
- [x] O1 He liked it
`;
}

function note(key: string, text: string, folder = 'notes'): CrossNoteInput & { text: string } {
  return { key, folder, text, digest: digestNote(analyze(text, { path: `/repo/${folder}/${key}.md`, today: TODAY }), TODAY) };
}

describe('cross-note references: the core', () => {
  it('a later done confirmation covers the earlier offer, pointing back at where it is written', () => {
    const a = note('a', EARLIER);
    const b = note('b', later('- [x] O1@2026-11-10 Stephen said the price fits'));
    const result = resolveCrossNotes([a, b]);
    assert.equal(result.has('b'), false, 'the referencing note gets nothing when every reference resolves');
    const r = result.get('a')!;
    assert.deepEqual([...r.coveredElsewhere], ['0:O1']);
    assert.deepEqual([...r.plannedElsewhere], []);
    assert.equal(r.covered.length, 1);
    const c = r.covered[0];
    assert.deepEqual({ call: c.call, id: c.id, line: c.offer.line, column: c.offer.column, confirmed: c.confirmed, planned: c.planned, acted: c.acted }, { call: 0, id: 'O1', line: 14, column: 3, confirmed: true, planned: false, acted: false });
    assert.deepEqual(
      c.by.map((x) => ({ key: x.key, line: x.start.line, column: x.start.column, endColumn: x.end.column, kind: x.kind, done: x.done })),
      [{ key: 'b', line: 22, column: 7, endColumn: 20, kind: 'confirm', done: true }],
    );
  });

  it('a planned confirmation elsewhere only plans; an action elsewhere acts on the offer', () => {
    const a = note('a', EARLIER);
    const b = note('b', later('- [ ] O2@2026-11-10 Ask after the pilot', '- [ ] O2@2026-11-10 @paul book the pilot due 2026-12-01'));
    const r = resolveCrossNotes([a, b]).get('a')!;
    assert.deepEqual([...r.coveredElsewhere], []);
    assert.deepEqual([...r.plannedElsewhere], ['0:O2']);
    assert.deepEqual(r.covered.map((c) => [c.id, c.confirmed, c.planned, c.acted]), [['O2', false, true, true]]);
    assert.deepEqual(r.covered[0].by.map((x) => [x.kind, x.done, x.callDate]), [['action', false, '2026-11-17'], ['confirm', false, '2026-11-17']]);
    // Its unconfirmed-offer stays, saying where the confirmation is planned; its offer-without-action goes.
    const findings = analyze(EARLIER, { path: '/repo/notes/a.md', today: TODAY }).findings;
    const after = applyCrossNotes(findings, crossNoteEdits(r, a.digest, defaultConfig()), 'zh-cn').filter((f) => f.range.start.line === 14);
    assert.deepEqual(after.map((f) => f.rule), ['unconfirmed-offer']);
    assert.match(after[0].messages.en, /^Offer O2 is only planned to be confirmed in the call of 2026-11-17, not yet asked/);
    assert.equal(after[0].message, after[0].messages['zh-cn']);
    assert.match(after[0].message, /^提议 O2 只在 2026-11-17 的互动中安排了回访确认/);
  });

  it('a reference to an offer the call lacks is unknown, naming the offers it has, in both languages', () => {
    const a = note('a', EARLIER);
    const b = note('b', later('- [x] O5@2026-11-10 He was happy'));
    const r = resolveCrossNotes([a, b]).get('b')!;
    assert.equal(r.unknown.length, 1);
    assert.deepEqual({ id: r.unknown[0].ref.id, line: r.unknown[0].ref.line, column: r.unknown[0].ref.column }, { id: 'O5', line: 22, column: 7 });
    assert.match(r.unknown[0].message.en, /^O5@2026-11-10: the call with Filtex on 2026-11-10 has no offer O5 \(its offers: O1, O2\)\./);
    assert.match(r.unknown[0].message['zh-cn'], /^O5@2026-11-10：与 Filtex 在 2026-11-10 的互动中没有提议 O5（现有提议：O1、O2）/);
  });

  it('a call that is not among the inputs is no unknown reference, unless the inputs are complete', () => {
    const b = note('b', later('- [x] O1@2026-11-10 Stephen said the price fits'));
    assert.equal(resolveCrossNotes([b]).size, 0);
    const other = note('other', EARLIER.replace('date: 2026-11-10', 'date: 2026-11-03'));
    assert.equal(resolveCrossNotes([b, other]).size, 0, 'another call of the customer does not make the list complete');
    const complete = resolveCrossNotes([b, other], { complete: true }).get('b')!;
    assert.equal(complete.unknown.length, 1);
    assert.match(complete.unknown[0].message.en, /no call with Filtex on 2026-11-10 is among the notes/);
    assert.match(complete.unknown[0].message['zh-cn'], /笔记中没有与 Filtex 在 2026-11-10 的互动记录/);
  });

  it('matches the customer by name (any case), or by folder when a note names none', () => {
    const confirm = later('- [x] O1@2026-11-10 Stephen said the price fits');
    const otherCustomer = note('a', EARLIER.replace('customer: FILTEX', 'customer: Hengda'));
    assert.equal(resolveCrossNotes([otherCustomer, note('b', confirm)]).size, 0, 'another customer\'s call of that date is not the one meant');
    const noCustomer = (text: string) => text.replace(/^customer: .*\n/m, '');
    assert.deepEqual([...resolveCrossNotes([note('a', noCustomer(EARLIER)), note('b', confirm)]).get('a')!.coveredElsewhere], ['0:O1'], 'one without a customer, same folder');
    assert.equal(resolveCrossNotes([note('a', noCustomer(EARLIER), 'acme'), note('b', noCustomer(confirm), 'dana')]).size, 0, 'no customer, other folder');
    const sameNote = note('c', `${EARLIER}\n${later('- [x] O2@2026-11-10 Pilot went well').replace(/^---[\s\S]*?---\n/, '').replace('# Follow-up with Stephen', '# Follow-up with Stephen 2026-11-17')}`);
    assert.deepEqual([...resolveCrossNotes([sameNote]).get('c')!.coveredElsewhere], ['0:O2'], 'a later call of the same note');
  });

  it('edits a note\'s findings: covered offers lose unconfirmed-offer and offer-without-action, unknown references are added', () => {
    const earlier = EARLIER.replace('- [O2] Arrange a pilot', '- [O2] Arrange a pilot\n- [O3] Draft a training plan');
    const a = note('a', earlier);
    const b = note('b', later('- [x] O1@2026-11-10 Fits\n- [x] O3@2026-11-10 Good\n- [x] O9@2026-11-10 Hm', '- [x] O1 Sent it\n- [ ] O3@2026-11-10 @paul send the outline due 2026-12-01'));
    const cross = resolveCrossNotes([a, b]);
    const before = analyze(earlier, { path: '/repo/notes/a.md', today: TODAY }).findings;
    const rules = (fs: typeof before) => fs.filter((f) => f.rule === 'unconfirmed-offer' || f.rule === 'offer-without-action').map((f) => `${f.range.start.line + 1}:${f.rule}`);
    assert.deepEqual(rules(before), ['14:unconfirmed-offer', '15:offer-without-action', '15:unconfirmed-offer', '16:offer-without-action', '16:unconfirmed-offer']);
    const after = applyCrossNotes(before, crossNoteEdits(cross.get('a'), a.digest, defaultConfig()), 'en');
    assert.deepEqual(rules(after), ['15:offer-without-action', '15:unconfirmed-offer']);
    assert.equal(after.length, before.length - 3);

    const own = analyze(b.text, { path: '/repo/notes/b.md', today: TODAY }).findings;
    const added = applyCrossNotes(own, crossNoteEdits(cross.get('b'), b.digest, defaultConfig()), 'zh-cn');
    const unknown = added.filter((f) => f.rule === 'unknown-offer-ref');
    assert.equal(unknown.length, 1);
    const start = b.text.indexOf('O9@2026-11-10');
    assert.deepEqual({ span: unknown[0].span, range: unknown[0].range, severity: unknown[0].severity }, {
      span: { start, end: start + 'O9@2026-11-10'.length },
      range: { start: { line: 24, character: 6 }, end: { line: 24, character: 19 } },
      severity: 'warning',
    });
    assert.equal(unknown[0].message, unknown[0].messages['zh-cn']);
    assert.deepEqual(added.map((f) => f.span.start), [...added.map((f) => f.span.start)].sort((x, y) => x - y), 'in document order');

    // What an editor shows: the same edits, and the counts follow.
    const shown = topFindings(analyze(earlier, { path: '/repo/notes/a.md', today: TODAY }), 1000);
    const edited = applyCrossNotesToShown(shown, crossNoteEdits(cross.get('a'), a.digest, defaultConfig()), 'en');
    assert.deepEqual(edited, { findings: after, hidden: 0, total: shown.total - 3 });
    const untouched = topFindings(analyze(EARLIER, { path: '/repo/notes/x.md', today: TODAY }), 1000);
    assert.equal(applyCrossNotesToShown(untouched, crossNoteEdits(undefined, a.digest, defaultConfig()), 'en'), untouched, 'nothing to change: the same object');
  });

  it('gives unknown references the configured severity, none when off, and respects suppression comments', () => {
    const a = note('a', EARLIER);
    const wrong = '- [x] O9@2026-11-10 Hm';
    const b = note('b', later(wrong));
    const result = resolveCrossNotes([a, b]).get('b');
    assert.equal(crossNoteEdits(result, b.digest, { rules: { 'unknown-offer-ref': 'error' } }).adds[0].severity, 'error');
    assert.equal(crossNoteEdits(result, b.digest, { rules: { 'unknown-offer-ref': 'off' } }).adds.length, 0);
    for (const comment of ['<!-- mot-disable-next-line unknown-offer-ref -->\n', '<!-- mot-disable-file -->\n']) {
      const s = note('s', later(`${comment}${wrong}`));
      const r = resolveCrossNotes([a, s]).get('s');
      assert.equal(r?.unknown.length, 1);
      assert.equal(crossNoteEdits(r, s.digest, defaultConfig()).adds.length, 0, comment);
    }
    const other = note('o', later(`<!-- mot-disable-next-line unconfirmed-offer -->\n${wrong}`));
    assert.equal(crossNoteEdits(resolveCrossNotes([a, other]).get('o'), other.digest, defaultConfig()).adds.length, 1, 'another rule suppressed');
  });
});

describe('cross-note references: any input', () => {
  it('never throws on the fixtures, the corpus and the examples, each note referring to every other\'s offers', () => {
    const files = ['test/fixtures', 'test/corpus', 'examples'].flatMap((d) => listFiles(join(ROOT, d), '.md'));
    const inputs = files.map((file, i) => {
      const own = readFileSync(file, 'utf8');
      // Each note also refers to offers (real and not) of the dates the other notes' calls have.
      const text = `${own}\r\n\n## Confirm\n\n- [x] O1@2026-11-10 O2@2026-11-20 O9@2026-02-30 \`O1@2026-01-01\`\n`;
      return { key: `k${i}`, folder: i % 2 ? 'a' : 'b', digest: digestNote(analyze(text, { path: file, today: TODAY }), TODAY) };
    });
    for (const complete of [false, true]) {
      const cross = resolveCrossNotes(inputs, { complete });
      for (const input of inputs) {
        const edits = crossNoteEdits(cross.get(input.key), input.digest, defaultConfig());
        for (const f of edits.adds) assert.ok(f.messages.en && f.messages['zh-cn'] && f.start.line >= 1 && f.end.offset > f.start.offset);
      }
    }
    assert.ok(inputs.some((i) => i.digest.refs.length >= 3));
    assert.ok(!inputs.some((i) => i.digest.refs.some((r) => r.date === '2026-01-01')), 'a reference in inline code is none');
  });
});

async function lint(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, env: {}, version: '9.9.9', stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

type Json = { file: string; line: number; rule: string; message: string };

describe('cross-note references: mot lint over the follow-ups repository', () => {
  it('reports exactly the marked findings of every note: covered offers are silent, the wrong reference is reported', async () => {
    const r = await lint(['--format', 'json', '--today', TODAY, '.'], REPO);
    assert.equal(r.code, 0, r.stderr);
    const found: Json[] = JSON.parse(r.stdout);
    const actual = found.map((f) => `${f.file}:${f.line}:${f.rule}`).sort();
    const expected = listFiles(REPO, '.md').flatMap((file) => expectedFindings(readFileSync(file, 'utf8')).map((e) => `${relative(REPO, file)}:${e}`)).sort();
    assert.deepEqual(actual, expected);
    const unknown = found.find((f) => f.rule === 'unknown-offer-ref')!;
    assert.equal(unknown.file, 'filtex/2026-11-17.call.md');
    assert.match(unknown.message, /^O5@2026-11-10: the call with Filtex on 2026-11-10 has no offer O5 \(its offers: O1, O2, O3\)/);
    const planned = found.find((f) => f.file === 'filtex/2026-11-10.call.md' && f.line === 17)!;
    assert.match(planned.message, /^Offer O2 is only planned to be confirmed in the call of 2026-11-17/);
  });

  it('with only the later note as input, reports no reference as unknown (a pre-commit run of the changed file)', async () => {
    const r = await lint(['--format', 'json', '--today', TODAY, 'filtex/2026-11-17.call.md'], REPO);
    const found: Json[] = JSON.parse(r.stdout);
    assert.deepEqual(found.filter((f) => f.rule === 'unknown-offer-ref'), []);
    const earlier = await lint(['--format', 'json', '--today', TODAY, 'filtex/2026-11-10.call.md'], REPO);
    const alone: Json[] = JSON.parse(earlier.stdout);
    assert.deepEqual(alone.filter((f) => f.rule !== 'overdue-action').map((f) => `${f.line}:${f.rule}`), ['16:unconfirmed-offer', '17:unconfirmed-offer', '18:offer-without-action', '18:unconfirmed-offer'], 'alone, the earlier note keeps its findings');
  });

  it('prints the unknown reference in Chinese with --locale zh-cn', async () => {
    const r = await lint(['--locale', 'zh-cn', '--today', TODAY, 'filtex'], REPO);
    assert.match(r.stdout, /filtex\/2026-11-17\.call\.md:24:7 {2}warning {2}O5@2026-11-10：与 Filtex 在 2026-11-10 的互动中没有提议 O5（现有提议：O1、O2、O3）/);
  });

  it('keeps --cache correct: each file\'s own result is cached, the references are applied afresh on every run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mot-cross-'));
    cpSync(REPO, dir, { recursive: true });
    const args = (...paths: string[]) => ['--cache', '--format', 'json', '--today', TODAY, ...paths];
    const rules = (out: string) => (JSON.parse(out) as Json[]).map((f) => `${f.file}:${f.line}:${f.rule}`).sort();
    const full = rules((await lint(['--format', 'json', '--today', TODAY, '.'], dir)).stdout);
    assert.deepEqual(rules((await lint(args('.'), dir)).stdout), full, 'first run, filling the cache');
    const cached = JSON.parse(readFileSync(join(dir, '.motcache'), 'utf8'));
    const entry = cached.entries['filtex/2026-11-10.call.md'];
    assert.ok(entry.digest, 'the digest is cached with the findings');
    assert.ok(entry.findings.some((f: { rule: string; line: number }) => f.rule === 'unconfirmed-offer' && f.line === 16), 'the cache holds the file\'s own findings, before the other notes cover them');
    assert.deepEqual(rules((await lint(args('.'), dir)).stdout), full, 'second run, from the cache');
    const alone = rules((await lint(args('filtex/2026-11-10.call.md'), dir)).stdout);
    assert.ok(alone.includes('filtex/2026-11-10.call.md:16:unconfirmed-offer'), 'without the later note, O1 is unconfirmed again');
    // The later note no longer confirms O1: the earlier note's cached result is unchanged, the cross-note result is not.
    const laterFile = join(dir, 'filtex/2026-11-17.call.md');
    writeFileSync(laterFile, readFileSync(laterFile, 'utf8').replace('- [x] O1@2026-11-10', '- [x] O1'));
    const changed = rules((await lint(args('.'), dir)).stdout);
    assert.ok(changed.includes('filtex/2026-11-10.call.md:16:unconfirmed-offer'));
  });

  it('does not reuse a cached result without a digest when the run needs digests', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mot-cross-'));
    cpSync(REPO, dir, { recursive: true });
    const earlier = join(dir, 'filtex/2026-11-10.call.md');
    const laterFile = join(dir, 'filtex/2026-11-17.call.md');
    const laterText = readFileSync(laterFile, 'utf8');
    // Without any reference among the inputs, no digest is made or cached.
    writeFileSync(laterFile, laterText.replace(/O(\d)@2026-11-10/g, 'O$1'));
    await lint(['--cache', '--today', TODAY, 'filtex'], dir);
    assert.equal(JSON.parse(readFileSync(join(dir, '.motcache'), 'utf8')).entries['filtex/2026-11-10.call.md'].digest, undefined);
    writeFileSync(laterFile, laterText);
    const r = await lint(['--cache', '--format', 'json', '--today', TODAY, 'filtex'], dir);
    const found: Json[] = JSON.parse(r.stdout);
    assert.ok(!found.some((f) => f.file === 'filtex/2026-11-10.call.md' && f.line === 16), 'O1 is covered: the earlier note was analysed again for its digest');
    assert.ok(JSON.parse(readFileSync(join(dir, '.motcache'), 'utf8')).entries[relative(dir, earlier)].digest);
  });
});
