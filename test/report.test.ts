/**
 * `mot report --format json` (FORMAT.md "Reports") over the fixture repository
 * test/fixtures/report, against figures computed by hand from the notes (each
 * note starts with a comment giving its own figures): five groups (ACME written
 * `ACME` and `Acme`, Northwind Foods, 华信科技, 恒达物流, and the folder
 * `walk-ins/` whose notes name no customer), English and Chinese notes, steps as
 * headings, bold labels and record sheets both ways round, scores missing,
 * negative and off the scale, a negated confirmation in each language, an offer
 * confirmed a fortnight later with `O1@2026-11-10`, a note with two calls and a
 * call with no date at all. Today is 2026-11-24; the week is 2026-11-16 … 22.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMot } from '../server/src/cli/commands.js';
import type { CallRef, CustomerReport, ReportCall, ReportData } from '../server/src/core/report/data.js';
import { ROOT } from './helpers.js';

const TODAY = '2026-11-24';
const REPO = join(ROOT, 'test/fixtures/report');

async function mot(args: string[], cwd = REPO) {
  let stdout = '';
  let stderr = '';
  const code = await runMot(args, { cwd, env: {}, version: '9.9.9', stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

async function report(args: string[] = [], cwd = REPO): Promise<ReportData> {
  const r = await mot(['report', '--format', 'json', '--today', TODAY, ...args], cwd);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout) as ReportData;
}

// ---------------------------------------------------------------------------
// The notes, as read by hand.

const A10 = 'acme/2026-11-10.call.md';
const A17 = 'acme/2026-11-17.call.md';
const A23 = 'acme/2026-11-23.call.md';
const H12 = 'hengda/恒达物流-2026-11-12.call.md';
const H19 = 'hengda/2026-11-19.call.md';
const X05 = 'huaxin/华信科技-2026-11-05.md';
const X19 = 'huaxin/2026-11-19.call.md';
const N04 = 'northwind/2026-11-04-kickoff.call.md';
const N21 = 'northwind/2026-11-21.call.md';
const W16 = 'walk-ins/2026-11-16-trade-show.md';
const W22 = 'walk-ins/2026-11-22-精达电子.md';
const WXX = 'walk-ins/harbor-textiles-it.md';

const ALL4 = ['explore', 'offer', 'action', 'confirm'];
const NO_CONFIRM = ['explore', 'offer', 'action'];

type CallFigures = Omit<ReportCall, 'column'>;
type Figures = Omit<CustomerReport, 'calls'>;

function call(
  file: string,
  line: number,
  customer: string | null,
  title: string,
  date: string | null,
  score: number | null,
  scoreRaw: string | null,
  steps: string[],
  confirmed: boolean,
  [offers, unconfirmedOffers, openActions, overdueActions]: [number, number, number, number],
  negativeWithoutRepair = false,
): CallFigures {
  return { file, line, title, date, customer, score, scoreRaw, steps: steps as ReportCall['steps'], confirmed, offers, unconfirmedOffers, openActions, overdueActions, negativeWithoutRepair };
}

// Per call: [offers, unconfirmed offers, open actions, overdue actions] of the call itself (period or not).
const C = {
  // ACME: the first note's O1 is confirmed by the third (O1@2026-11-10); O2's quote was due 11-20.
  a10: call(A10, 24, 'ACME', 'Quarterly check-in with Dana (ACME logistics)', '2026-11-10', 1, '+1', ALL4, false, [2, 1, 1, 1]),
  // Bold labels; "Didn't check whether…" is no confirmation; "by Friday" from Tue 11-17 is 11-20.
  a17: call(A17, 24, 'ACME', 'Pricing call with Raj and Dana', '2026-11-17', -3, '−3', ALL4, false, [1, 1, 2, 1]),
  a23: call(A23, 18, 'Acme', 'Site visit at the Leeds depot', '2026-11-23', 2, '+2', ALL4, true, [1, 0, 0, 0]),
  n04: call(N04, 19, 'Northwind Foods', 'Kickoff with Tom Becker', '2026-11-04', 3, '+3', ALL4, true, [2, 0, 0, 0]),
  // Steps under aliases (Discovery, Proposal, Next steps, Check-back); no score; the confirmation is an open task.
  n21: call(N21, 21, 'Northwind Foods', 'Trial review with Tom and the Hamburg shift leads', '2026-11-21', null, null, ALL4, false, [2, 2, 2, 0]),
  w16: call(W16, 15, null, 'Booth visit: Mei Lin, Harbor Textiles', '2026-11-16', 1, '+1', ALL4, true, [1, 0, 1, 0]),
  // No Confirm step; 评分：0 is neutral; 11月23日前 is overdue on the 24th.
  w22: call(W22, 15, null, '展会名片回访：宁波精达电子 采购部陈小姐', '2026-11-22', 0, '0', NO_CONFIRM, false, [1, 1, 1, 1]),
  // No date anywhere; −2 and nothing left open to repair it.
  wxx: call(WXX, 16, null, 'Call back from Harbor Textiles IT', null, -2, '-2', ALL4, true, [1, 0, 0, 0], true),
  // Record sheet, steps in rows: the first column is dated by its header, the second by the file name.
  x03: call(X05, 26, '华信科技', '11月3日 电话：赵总', '2026-11-03', 1, '+1', ALL4, true, [1, 0, 0, 0]),
  x05: call(X05, 26, '华信科技', '上门拜访：赵总、IT 刘工', '2026-11-05', null, null, ALL4, false, [2, 2, 2, 1]),
  // Transposed record sheet, both rows dated by the front matter; 5 is off the scale; the Confirm cell is 无.
  x19a: call(X19, 24, '华信科技', '刘工电话：安全评审', '2026-11-19', 2, '+2', ALL4, true, [1, 0, 0, 0]),
  x19b: call(X19, 25, '华信科技', '赵总微信：参观', '2026-11-19', null, '5', NO_CONFIRM, false, [1, 1, 1, 0]),
  // "没有确认……" is no confirmation; the action table under its own heading is outside the call.
  h12: call(H12, 26, '恒达物流', '与王经理的电话：华东仓扩容', '2026-11-12', -1, '−1', ALL4, false, [2, 2, 2, 1]),
  // One note, two calls, each dated by its heading.
  h19: call(H19, 18, '恒达物流', '2026年11月19日 王经理电话回访', '2026-11-19', 2, '+2', ALL4, true, [1, 0, 0, 0]),
  h20: call(H19, 38, '恒达物流', '2026-11-20 仓库现场：李主管', '2026-11-20', -1, '-1', ALL4, true, [1, 0, 0, 0], true),
};

function figures(
  customer: string | null,
  folder: string | null,
  callsWithConfirm: number,
  confirmShare: number | null,
  averageScore: number | null,
  latestScore: number | null,
  [openActions, overdueActions, unconfirmedOffers, negativeWithoutRepair]: [number, number, number, number],
): Figures {
  return { customer, folder, callsWithConfirm, confirmShare, averageScore, latestScore, openActions, overdueActions, unconfirmedOffers, negativeWithoutRepair };
}

interface Expected {
  figures: Figures;
  calls: CallFigures[];
}

/** The whole repository, customers in the order of their names (code points: Latin capitals, small letters, then CJK). */
const FULL: Expected[] = [
  // ACME: +1, −3, +2 -> mean 0, latest +2 (11-23). Open: O2 of 11-10 (overdue), both of 11-17 (one overdue).
  // Unconfirmed: O2 of 11-10, O1 of 11-17 (O1 of 11-10 is confirmed on 11-23).
  { figures: figures('ACME', null, 1, 1 / 3, 0, 2, [3, 2, 2, 0]), calls: [C.a10, C.a17, C.a23] },
  // Northwind: +3 and no score -> mean 3, latest 3 (the later call has no score). Open: 2 from 11-21, none overdue.
  { figures: figures('Northwind Foods', null, 1, 1 / 2, 3, 3, [2, 0, 2, 0]), calls: [C.n04, C.n21] },
  // walk-ins: +1, 0, −2 -> mean −1/3; latest dated 0 (11-22); the undated call last.
  // Open: lena's booking (no due), lena's 11-23 shipment (overdue). Unconfirmed: O1 of 11-22.
  { figures: figures(null, 'walk-ins', 2, 2 / 3, -1 / 3, 0, [2, 1, 1, 1]), calls: [C.w16, C.w22, C.wxx] },
  // 华信科技: +1, none, +2, 5 (off the scale) -> mean 1.5, latest +2 (11-19). Open: O1 (overdue 11-18) and O2 of 11-05,
  // O1 of row 2 (12-01). Unconfirmed: O1, O2 of 11-05 (planned), O1 of row 2.
  { figures: figures('华信科技', null, 2, 2 / 4, 1.5, 2, [3, 1, 3, 0]), calls: [C.x03, C.x05, C.x19a, C.x19b] },
  // 恒达物流: −1, +2, −1 -> mean 0, latest −1 (11-20). Open: O1 (overdue), O2, the action-table row (12-10).
  { figures: figures('恒达物流', null, 2, 2 / 3, 0, -1, [3, 1, 2, 1]), calls: [C.h12, C.h19, C.h20] },
];

/** 2026-11-16 … 2026-11-22: calls by their date; actions by due date (or their call's date); offers by their call's date. */
const WEEK: Expected[] = [
  // Only 11-17. In: O2 of 11-10 and "call Raj back" (both due 11-20, overdue), O1 of 11-17 unconfirmed.
  { figures: figures('ACME', null, 0, 0, -3, -3, [2, 2, 1, 0]), calls: [C.a17] },
  // Only 11-21, unscored. Its actions are due 11-25 and 12-02 (out); its two offers are in.
  { figures: figures('Northwind Foods', null, 0, 0, null, null, [0, 0, 2, 0]), calls: [C.n21] },
  // 11-16 and 11-22 (both ends count), the undated call left out. In: lena's undated booking (call 11-16); not the
  // shipment due 11-23. O1 of 11-22 unconfirmed.
  { figures: figures(null, 'walk-ins', 1, 1 / 2, 0.5, 0, [1, 0, 1, 0]), calls: [C.w16, C.w22] },
  // The two rows of 11-19. In: O1 of 11-05 due 11-18 (overdue); not O2 (no due, call 11-05), not row 2's (12-01).
  { figures: figures('华信科技', null, 1, 1 / 2, 2, 2, [1, 1, 1, 0]), calls: [C.x19a, C.x19b] },
  // The two calls of 11-19 and 11-20. In: O1 of 11-12 due 11-20 (overdue); its offers (call 11-12) are out.
  { figures: figures('恒达物流', null, 2, 1, 0.5, -1, [1, 1, 0, 1]), calls: [C.h19, C.h20] },
];

const ref = (c: CallFigures): Omit<CallRef, 'column'> => ({ file: c.file, line: c.line, title: c.title, date: c.date, customer: c.customer });

// ---------------------------------------------------------------------------
// Comparing.

/** Shares and means are fractions: compare them to 1e-9 (and 0 with −0). */
function assertNumber(actual: unknown, expected: number | null, what: string): void {
  if (expected === null) return assert.equal(actual, null, what);
  assert.equal(typeof actual, 'number', `${what}: ${String(actual)}`);
  assert.ok(Math.abs((actual as number) - expected) < 1e-9, `${what}: ${String(actual)}, expected ${expected}`);
}

const FRACTIONS = ['confirmShare', 'averageScore'] as const;

function assertCustomers(actual: CustomerReport[], expected: Expected[]): void {
  const name = (c: { customer: string | null; folder: string | null }) => c.customer ?? `folder ${c.folder}`;
  assert.deepEqual(actual.map(name), expected.map((e) => name(e.figures)));
  expected.forEach((e, i) => {
    const got = actual[i];
    const what = name(e.figures);
    const { calls, ...rest } = got;
    for (const k of FRACTIONS) assertNumber(rest[k], e.figures[k], `${what} ${k}`);
    const plain = (f: Record<string, unknown>) => Object.fromEntries(Object.entries(f).filter(([k]) => !(FRACTIONS as readonly string[]).includes(k)));
    assert.deepEqual(plain(rest), plain({ ...e.figures }), what);
    assert.equal(calls.length, e.calls.length, `${what}: number of calls`);
    calls.forEach((c, j) => {
      const { column, ...without } = c;
      assert.equal(typeof column, 'number');
      assert.deepEqual(without, e.calls[j], `${what}, call ${j + 1}`);
      // A score on the chart is a whole number on the scale; one written off the scale keeps its text.
      if (c.score !== null) assert.ok(Number.isInteger(c.score) && c.score >= -3 && c.score <= 3);
    });
  });
}

const refs = (list: CallRef[]) => list.map(({ column: _column, ...r }) => r);
const actionsAt = (list: ReportData['overdueActions']) => list.map((f) => `${f.file}:${f.line} ${f.owner} ${f.due} ${f.status}`).sort();
const offersAt = (list: ReportData['unconfirmedOffers']) => list.map((f) => `${f.file}:${f.line} ${f.id} ${f.status}`).sort();

// ---------------------------------------------------------------------------

describe('mot report --format json', () => {
  it('has the contract fields at the top', async () => {
    const r = await report();
    assert.deepEqual(Object.keys(r).sort(), ['callsWithoutConfirm', 'customers', 'negativeWithoutRepair', 'overdueActions', 'owners', 'since', 'today', 'totals', 'unconfirmedOffers', 'until']);
    assert.equal(r.today, TODAY);
    assert.equal(r.since, null);
    assert.equal(r.until, null);
  });

  describe('the whole repository', () => {
    it('totals', async () => {
      const { totals } = await report();
      assertNumber(totals.confirmShare, 8 / 15, 'confirmShare');
      assert.deepEqual(
        { ...totals, confirmShare: 0 },
        {
          customers: 5,
          calls: 15,
          callsWithConfirm: 8,
          confirmShare: 0,
          scoredCalls: 12, // all but the two unscored calls and the 5
          negativeCalls: 4, // −3 (ACME 11-17), −1 (恒达 11-12), −1 (恒达 11-20), −2 (walk-ins, undated)
          negativeWithoutRepair: 2, // 恒达 11-20, walk-ins undated
          openActions: 13,
          overdueActions: 5,
          unconfirmedOffers: 10,
          undatedCalls: 1,
        },
      );
    });

    it('each customer, and each call of every customer', async () => {
      assertCustomers((await report()).customers, FULL);
    });

    it('groups ACME and Acme as one customer shown by its first spelling, and the notes without a customer by folder', async () => {
      const { customers } = await report();
      const acme = customers.filter((c) => c.customer?.toLowerCase() === 'acme');
      assert.equal(acme.length, 1);
      assert.equal(acme[0].customer, 'ACME');
      assert.deepEqual(
        acme[0].calls.map((c) => c.file),
        [A10, A17, A23],
      );
      const folders = customers.filter((c) => c.customer === null);
      assert.deepEqual(
        folders.map((c) => c.folder),
        ['walk-ins'],
      );
    });

    it('owners: open and overdue actions per owner, most overdue first, nobody last', async () => {
      assert.deepEqual((await report()).owners, [
        { owner: 'paul', open: 4, overdue: 2 }, // ACME 11-10 O2 (11-20), 11-17 ×2 (11-26; 11-20), Northwind 11-21 O2 (12-02)
        { owner: 'lena', open: 2, overdue: 1 }, // walk-ins: booking (no due), shipment 11-23
        { owner: '王磊', open: 2, overdue: 1 }, // 恒达 O1 (11-20), the action-table row (12-10)
        { owner: '陈晨', open: 2, overdue: 1 }, // 华信 O1 of 11-05 (11-18), row 2 (12-01)
        { owner: 'sara', open: 1, overdue: 0 }, // Northwind 11-21 O1 (11-25)
        { owner: null, open: 2, overdue: 0 }, // 恒达 O2 (11-27), 华信 O2 of 11-05 (no due)
      ]);
    });

    it('the review lists: calls without a confirmation, negative calls with no repair, overdue actions, unconfirmed offers', async () => {
      const r = await report();
      assert.deepEqual(refs(r.callsWithoutConfirm), [C.x05, C.a10, C.h12, C.a17, C.x19b, C.n21, C.w22].map(ref));
      assert.deepEqual(refs(r.negativeWithoutRepair), [C.h20, C.wxx].map(ref));
      assert.deepEqual(actionsAt(r.overdueActions), [
        `${A10}:41 paul 2026-11-20 overdue`,
        `${A17}:41 paul 2026-11-20 overdue`,
        `${H12}:41 王磊 2026-11-20 overdue`,
        `${X05}:30 陈晨 2026-11-18 overdue`,
        `${W22}:28 lena 2026-11-23 overdue`,
      ].sort());
      assert.deepEqual(offersAt(r.unconfirmedOffers), [
        `${A10}:36 O2 unconfirmed`, // O1 (line 35) is confirmed by O1@2026-11-10 on 11-23
        `${A17}:36 O1 planned`,
        `${N21}:30 O1 planned`,
        `${N21}:31 O2 unconfirmed`,
        `${W22}:24 O1 unconfirmed`,
        `${X05}:29 O1 planned`,
        `${X05}:29 O2 planned`,
        `${X19}:25 O1 unconfirmed`,
        `${H12}:36 O1 unconfirmed`,
        `${H12}:37 O2 unconfirmed`,
      ].sort());
    });
  });

  describe('a week: --since 2026-11-16 --until 2026-11-22', () => {
    const week = () => report(['--since', '2026-11-16', '--until', '2026-11-22']);

    it('totals, with no undated call', async () => {
      const r = await week();
      assert.equal(r.since, '2026-11-16');
      assert.equal(r.until, '2026-11-22');
      assert.deepEqual(r.totals, {
        customers: 5,
        calls: 8, // ACME 11-17; Northwind 11-21; walk-ins 11-16, 11-22; 华信 11-19 ×2; 恒达 11-19, 11-20
        callsWithConfirm: 4, // walk-ins 11-16, 华信 row 1, 恒达 ×2
        confirmShare: 0.5,
        scoredCalls: 6, // −3, +1, 0, +2, +2, −1 (Northwind's has none, 华信's 5 is off the scale)
        negativeCalls: 2,
        negativeWithoutRepair: 1, // 恒达 11-20
        openActions: 5, // due 11-20 ×3, due 11-18, lena's undated one of 11-16
        overdueActions: 4,
        unconfirmedOffers: 5, // ACME 11-17 O1, Northwind 11-21 O1 O2, walk-ins 11-22 O1, 华信 row 2 O1
        undatedCalls: 0,
      });
    });

    it('each customer, and each call of the week', async () => {
      assertCustomers((await week()).customers, WEEK);
    });

    it('owners of the week', async () => {
      assert.deepEqual((await week()).owners, [
        { owner: 'paul', open: 2, overdue: 2 },
        { owner: '王磊', open: 1, overdue: 1 },
        { owner: '陈晨', open: 1, overdue: 1 },
        { owner: 'lena', open: 1, overdue: 0 },
      ]);
    });

    it('the review lists of the week', async () => {
      const r = await week();
      assert.deepEqual(refs(r.callsWithoutConfirm), [C.a17, C.x19b, C.n21, C.w22].map(ref));
      assert.deepEqual(refs(r.negativeWithoutRepair), [C.h20].map(ref));
      assert.deepEqual(actionsAt(r.overdueActions), [
        `${A10}:41 paul 2026-11-20 overdue`,
        `${A17}:41 paul 2026-11-20 overdue`,
        `${H12}:41 王磊 2026-11-20 overdue`,
        `${X05}:30 陈晨 2026-11-18 overdue`,
      ].sort());
      assert.deepEqual(offersAt(r.unconfirmedOffers), [`${A17}:36 O1 planned`, `${N21}:30 O1 planned`, `${N21}:31 O2 unconfirmed`, `${W22}:24 O1 unconfirmed`, `${X19}:25 O1 unconfirmed`].sort());
    });
  });

  describe('the following week: --since 2026-11-23 --until 2026-11-29', () => {
    // One call (ACME 11-23), but four commitments of four customers fall due in it: ACME 11-17 O1 (11-26, paul),
    // Northwind 11-21 O1 (11-25, sara), walk-ins 11-22 O1 (11-23, lena, overdue), 恒达 11-12 O2 (11-27, nobody).
    const next = () => report(['--since', '2026-11-23', '--until', '2026-11-29']);

    it('totals and owners', async () => {
      const r = await next();
      assert.deepEqual(
        { calls: r.totals.calls, callsWithConfirm: r.totals.callsWithConfirm, openActions: r.totals.openActions, overdueActions: r.totals.overdueActions, unconfirmedOffers: r.totals.unconfirmedOffers, undatedCalls: r.totals.undatedCalls },
        { calls: 1, callsWithConfirm: 1, openActions: 4, overdueActions: 1, unconfirmedOffers: 0, undatedCalls: 0 },
      );
      assert.deepEqual(r.owners, [
        { owner: 'lena', open: 1, overdue: 1 },
        { owner: 'paul', open: 1, overdue: 0 },
        { owner: 'sara', open: 1, overdue: 0 },
        { owner: null, open: 1, overdue: 0 },
      ]);
      assert.deepEqual(actionsAt(r.overdueActions), [`${W22}:28 lena 2026-11-23 overdue`]);
    });

    it('keeps the first spelling of the customer, ACME, though the only note of the period spells it Acme', async () => {
      const acme = (await next()).customers.filter((c) => c.customer?.toLowerCase() === 'acme');
      assert.deepEqual(
        acme.map((c) => [c.customer, c.calls.map((k) => k.file)]),
        [['ACME', [A23]]],
      );
    });

    it('lists every customer with a commitment due in it, call or no call, so that the customers add up to the totals', async () => {
      const r = await next();
      // Names compared case-insensitively here: the spelling is the test above.
      const row = (c: CustomerReport) => [(c.customer ?? `folder ${c.folder}`).toLowerCase(), c.calls.map((k) => k.file), c.openActions, c.overdueActions, c.unconfirmedOffers];
      assert.deepEqual(r.customers.map(row), [
        ['acme', [A23], 1, 0, 0], // ACME 11-17 O1, due 11-26
        ['northwind foods', [], 1, 0, 0], // 11-21 O1, due 11-25
        ['folder walk-ins', [], 1, 1, 0], // 11-22 O1, due 11-23: overdue
        ['恒达物流', [], 1, 0, 0], // 11-12 O2, due 11-27
      ]);
      for (const k of ['openActions', 'overdueActions', 'unconfirmedOffers'] as const) {
        assert.equal(
          r.customers.reduce((n, c) => n + c[k], 0),
          r.totals[k],
          k,
        );
      }
    });
  });

  it('gives the same JSON with --locale zh-CN', async () => {
    for (const period of [[], ['--since', '2026-11-16', '--until', '2026-11-22']]) {
      assert.deepEqual(await report(['--locale', 'zh-CN', ...period]), await report(period));
    }
  });

  it('names files and folders relative to the working directory, with /', async () => {
    const r = await report(['report'], join(ROOT, 'test/fixtures'));
    assert.deepEqual(
      r.customers.map((c) => c.folder),
      [null, null, 'report/walk-ins', null, null],
    );
    for (const c of r.customers) for (const k of c.calls) assert.match(k.file, /^report\/[^\\]+$/);
    assert.equal(r.customers[0].calls[0].file, `report/${A10}`);
    assert.equal(r.totals.calls, 15);
  });

  it('exits 2 on a path that does not exist, naming it', async () => {
    const r = await mot(['report', '--format', 'json', '--today', TODAY, 'no-such-folder']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no-such-folder/);
  });

  it('still reports the other notes when one has broken front matter', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mot-report-'));
    cpSync(REPO, dir, { recursive: true });
    writeFileSync(
      join(dir, 'acme/2026-11-18.call.md'),
      ['---', 'customer: "ACME', 'date: [2026-11-18', '---', '', '# Call with Dana', '', '## Explore', '', '- Expectation: the Hull depot live first', '', '## Offer', '', '- [O1] Move Hull to the first wave', ''].join('\n'),
    );
    const r = await mot(['report', '--format', 'json', '--today', TODAY], dir);
    assert.equal(r.code, 0, r.stderr);
    const data = JSON.parse(r.stdout) as ReportData;
    // Whatever is made of the broken note, the five groups of the other notes are all there, unchanged.
    const full = await report();
    const label = (c: CustomerReport) => c.customer ?? `folder ${c.folder}`;
    for (const c of full.customers) {
      assert.deepEqual(
        data.customers.find((d) => label(d) === label(c)),
        c,
        label(c),
      );
    }
  });
});
