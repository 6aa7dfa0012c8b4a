/**
 * `mot followups` (FORMAT.md "Follow-ups") over the fixture repository
 * test/fixtures/followups: two customers in English and Chinese, a note in a
 * folder without customer front matter, an offer a later note confirms with
 * `O1@2026-11-10`, action tables and open tasks outside calls, relative and
 * Chinese dates, owners `@paul` and `负责人：王磊`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateRepository } from '../bench/generate.js';
import { runMot } from '../server/src/cli/commands.js';
import type { FollowUp } from '../server/src/core/index.js';
import { ensureBundle } from './bundle.js';
import { ROOT } from './helpers.js';

const TODAY = '2026-11-24';
const REPO = join(ROOT, 'test/fixtures/followups');

async function mot(args: string[], env: Record<string, string> = {}, cwd = REPO) {
  let stdout = '';
  let stderr = '';
  const code = await runMot(args, { cwd, env, version: '9.9.9', stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

async function json(...args: string[]): Promise<FollowUp[]> {
  const r = await mot(['followups', '--format', 'json', '--today', TODAY, ...args]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout);
}

const F10 = 'filtex/2026-11-10.call.md';
const F17 = 'filtex/2026-11-17.call.md';
const HD = 'hengda/恒达物流-2026-11-12.call.md';

/** Every follow-up of the repository on 2026-11-24, most urgent first. */
const ALL: FollowUp[] = [
  { file: F10, line: 22, column: 7, kind: 'action', status: 'overdue', text: 'O1 @paul send the pricing sheet by Nov 20', id: 'O1', due: '2026-11-20', owner: 'paul', customer: 'FILTEX', call: 'Call with Stephen', callDate: '2026-11-10' },
  { file: F17, line: 18, column: 7, kind: 'action', status: 'overdue', text: 'O1 @paul send the case study by Friday', id: 'O1', due: '2026-11-20', owner: 'paul', customer: 'Filtex', call: 'Follow-up call with Stephen', callDate: '2026-11-17' },
  { file: HD, line: 20, column: 7, kind: 'action', status: 'overdue', text: 'O1 负责人：王磊，11月20日前发送报价', id: 'O1', due: '2026-11-20', owner: '王磊', customer: '恒达物流', call: '与王经理的电话', callDate: '2026-11-12' },
  { file: 'acme/2026-11-05.call.md', line: 23, column: 7, kind: 'action', status: 'open', text: 'Send Dana the invoice 📅 2026-11-30', id: null, due: '2026-11-30', owner: null, customer: null, call: null, callDate: null },
  { file: F17, line: 19, column: 7, kind: 'action', status: 'open', text: 'O3@2026-11-10 @paul send the training outline due 2026-12-01', id: null, due: '2026-12-01', owner: 'paul', customer: 'Filtex', call: 'Follow-up call with Stephen', callDate: '2026-11-17' },
  { file: F10, line: 23, column: 7, kind: 'action', status: 'open', text: 'O2 Book the pilot (Owner: Paul) due 2026-12-05', id: 'O2', due: '2026-12-05', owner: 'Paul', customer: 'FILTEX', call: 'Call with Stephen', callDate: '2026-11-10' },
  { file: HD, line: 33, column: 3, kind: 'action', status: 'open', text: '发送合同草案', id: null, due: '2026-12-10', owner: '王磊', customer: '恒达物流', call: null, callDate: null },
  { file: 'acme/2026-11-19.call.md', line: 13, column: 7, kind: 'action', status: 'open', text: 'O1 @lena send the weekend plan', id: 'O1', due: null, owner: 'lena', customer: null, call: 'Rollout check with Dana (2026-11-19)', callDate: '2026-11-19' },
  { file: HD, line: 21, column: 7, kind: 'action', status: 'open', text: 'O2 准备演示环境', id: 'O2', due: null, owner: null, customer: '恒达物流', call: '与王经理的电话', callDate: '2026-11-12' },
  { file: F10, line: 17, column: 3, kind: 'offer', status: 'planned', text: 'Arrange a pilot at the Ningbo plant', id: 'O2', due: null, owner: null, customer: 'FILTEX', call: 'Call with Stephen', callDate: '2026-11-10' },
  { file: F10, line: 18, column: 3, kind: 'offer', status: 'unconfirmed', text: 'Draft a training plan for the maintenance team', id: 'O3', due: null, owner: null, customer: 'FILTEX', call: 'Call with Stephen', callDate: '2026-11-10' },
  { file: HD, line: 16, column: 3, kind: 'offer', status: 'unconfirmed', text: '安排一次上门演示', id: 'O2', due: null, owner: null, customer: '恒达物流', call: '与王经理的电话', callDate: '2026-11-12' },
];

const at = (list: FollowUp[]) => list.map((f) => `${f.file}:${f.line}`);

describe('mot followups', () => {
  it('lists every open commitment as JSON, exactly the contract fields, most urgent first', async () => {
    const list = await json();
    for (const f of list) assert.deepEqual(Object.keys(f), ['file', 'line', 'column', 'kind', 'status', 'text', 'id', 'due', 'owner', 'customer', 'call', 'callDate']);
    assert.deepEqual(list, ALL);
  });

  it('leaves out what is done or confirmed, here or in a later note', async () => {
    const list = at(await json());
    // O1 of 2026-11-10 (confirmed by O1@2026-11-10 a week later); acme's O1 (confirmed from the folder's later note);
    // the done action-table row; the done checklist action; the later notes' own confirmed offers.
    for (const gone of [`${F10}:16`, 'acme/2026-11-05.call.md:11', `${HD}:34`, 'acme/2026-11-05.call.md:15', `${F17}:14`, 'acme/2026-11-19.call.md:9']) assert.ok(!list.includes(gone), gone);
  });

  it('with only the earlier note, its offer confirmed elsewhere is a follow-up again', async () => {
    const list = await json(F10);
    assert.deepEqual(
      list.filter((f) => f.kind === 'offer').map((f) => [f.id, f.status]),
      [
        ['O1', 'planned'],
        ['O2', 'unconfirmed'],
        ['O3', 'unconfirmed'],
      ],
    );
  });

  it('filters by owner, with or without @ and in any case', async () => {
    const paul = ALL.filter((f) => f.owner?.toLowerCase() === 'paul');
    assert.equal(paul.length, 4);
    assert.deepEqual(await json('--owner', '@paul'), paul);
    assert.deepEqual(await json('--owner', 'PAUL'), paul);
    assert.deepEqual(await json('--owner', '王磊'), ALL.filter((f) => f.owner === '王磊'));
    assert.deepEqual(await json('--owner', 'nobody'), []);
  });

  it('filters by customer, by name in any case', async () => {
    assert.deepEqual(at(await json('--customer', 'filtex')), at(ALL.filter((f) => f.file.startsWith('filtex/'))));
    assert.deepEqual(await json('--customer', '恒达物流'), ALL.filter((f) => f.file === HD));
  });

  it('filters actions due before a date, and combines filters', async () => {
    assert.deepEqual(at(await json('--due-before', '2026-12-01')), at(ALL.slice(0, 4)));
    assert.deepEqual(at(await json('--due-before', '2026-12-06', '--owner', 'paul', '--customer', 'FILTEX')), [`${F10}:22`, `${F17}:18`, `${F17}:19`, `${F10}:23`]);
  });

  it('measures overdue against --today', async () => {
    const early = await json('--today', '2026-11-18');
    assert.deepEqual(early.filter((f) => f.status === 'overdue'), []);
    assert.equal(early.length, ALL.length);
    const late = await json('--today', '2026-12-31');
    assert.deepEqual(at(late.filter((f) => f.status === 'overdue')), at(ALL.slice(0, 7)));
  });

  it('prints an aligned agenda in groups, with a summary', async () => {
    const r = await mot(['followups', '--today', TODAY, '--customer', '恒达物流', 'hengda', 'acme']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        'Overdue (1)',
        `  ${HD}:20:7  2026-11-20  王磊  恒达物流  O1 负责人：王磊，11月20日前发送报价`,
        '',
        'Open, with a due date (1)',
        `  ${HD}:33:3  2026-12-10  王磊  恒达物流  发送合同草案`,
        '',
        'Open, no due date (1)',
        `  ${HD}:21:7  —           —     恒达物流  O2 准备演示环境`,
        '',
        'Offers not confirmed (1)',
        `  ${HD}:16:3  —           —     恒达物流  O2 安排一次上门演示 · "与王经理的电话" 2026-11-12`,
        '',
        '4 follow-ups (1 overdue, 1 due later, 1 with no due date, 1 offer not confirmed) in 1 note; 3 call notes read of 3 files.',
        '',
      ].join('\n'),
    );
  });

  it('aligns columns by display width: a Chinese name takes two columns a character', async () => {
    const r = await mot(['followups', '--today', TODAY, '--due-before', '2026-11-21']);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('  '));
    assert.equal(lines.length, 3);
    const wide = (s: string) => [...s].reduce((n, ch) => n + (/[\u4e00-\u9fff\uff0c\uff1a]/u.test(ch) ? 2 : 1), 0);
    // The text starts at the same screen column on every line.
    const starts = lines.map((l) => wide(l.slice(0, l.indexOf('  O1 '))));
    assert.deepEqual(new Set(starts).size, 1, lines.join('\n'));
    assert.match(lines[0], /^ {2}filtex\/2026-11-10\.call\.md:22:7 {11}2026-11-20  paul  FILTEX {4}O1 @paul/);
  });

  it('speaks Chinese with --locale zh-cn', async () => {
    const r = await mot(['followups', '--today', TODAY, '--locale', 'zh_CN']);
    assert.equal(r.code, 0, r.stderr);
    const headings = r.stdout.split('\n').filter((l) => l && !l.startsWith(' '));
    assert.deepEqual(headings, [
      '已逾期（3 项）',
      '有截止日期的待办（4 项）',
      '没有截止日期的待办（2 项）',
      '尚未确认的提议（3 项）',
      '共 12 项待跟进（逾期 3，有截止日期 4，无截止日期 2，未确认的提议 3），分布在 5 篇笔记中；读取了 5 篇通话记录（共 5 个文件）。',
    ]);
    assert.match(r.stdout, /O2 Arrange a pilot at the Ningbo plant（已安排回访，尚未确认） · “Call with Stephen” 2026-11-10\n/);
    const env = await mot(['followups', '--today', TODAY, 'hengda'], { LANG: 'zh_CN.UTF-8' });
    assert.match(env.stdout, /^已逾期（1 项）\n/);
  });

  it('colours the agenda on a terminal, like mot lint, and never in a pipe', async () => {
    const plain = await mot(['followups', '--today', TODAY, 'hengda']);
    assert.doesNotMatch(plain.stdout, /\x1b\[/);
    const colour = await mot(['followups', '--today', TODAY, 'hengda'], { FORCE_COLOR: '1' });
    assert.match(colour.stdout, /\x1b\[1mOverdue \(1\)\x1b\[22m/);
    assert.match(colour.stdout, /\x1b\[31m2026-11-20\x1b\[39m/, 'an overdue date in red');
    assert.match(colour.stdout, /\x1b\[33m2026-12-10\x1b\[39m/, 'a date to come in yellow');
    assert.equal(colour.stdout.replace(/\x1b\[\d+m/g, ''), plain.stdout, 'colour changes nothing else, alignment included');
  });

  it('prints Markdown a manager can paste: a heading and a table per group, links to the lines', async () => {
    const r = await mot(['followups', '--today', TODAY, '--format', 'markdown', '--owner', 'paul', '--due-before', '2026-11-21']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        '# Follow-ups',
        '',
        '## Overdue (2)',
        '',
        '| Due | Owner | Customer | Follow-up | Where |',
        '|---|---|---|---|---|',
        `| 2026-11-20 | paul | FILTEX | O1 @paul send the pricing sheet by Nov 20 | [${F10}:22](${F10}#L22) |`,
        `| 2026-11-20 | paul | Filtex | O1 @paul send the case study by Friday | [${F17}:18](${F17}#L18) |`,
        '',
        '2 follow-ups (2 overdue, 0 due later, 0 with no due date, 0 offers not confirmed) in 2 notes; 5 call notes read of 5 files.',
        '',
      ].join('\n'),
    );
    const zh = await mot(['followups', '--today', TODAY, '--format', 'markdown', '--locale', 'zh-cn', 'hengda']);
    assert.match(zh.stdout, /^# 待跟进事项\n\n## 已逾期（1 项）\n\n\| 截止日期 \| 负责人 \| 客户 \| 事项 \| 位置 \|\n/);
    assert.match(zh.stdout, /\n\| — \| — \| 恒达物流 \| O2 安排一次上门演示 · “与王经理的电话” 2026-11-12 \| \[hengda\/恒达物流-2026-11-12\.call\.md:16\]\(hengda\/恒达物流-2026-11-12\.call\.md#L16\) \|\n/);
  });

  it('says so when nothing is open, and searches the current folder by default', async () => {
    const r = await mot(['followups', '--today', TODAY, '--owner', 'nobody']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'No open follow-ups: 5 call notes read of 5 files.\n');
    const md = await mot(['followups', '--today', TODAY, '--owner', 'nobody', '--format', 'markdown', '--locale', 'zh-cn']);
    assert.equal(md.stdout, '# 待跟进事项\n\n没有待跟进的事项：读取了 5 篇通话记录（共 5 个文件）。\n');
  });

  it('exits 2 on usage and input errors, with a clear message; 0 with open follow-ups', async () => {
    const cases: [string[], RegExp][] = [
      [['--due-before', '2026-13-01'], /--due-before must be a date written YYYY-MM-DD, not "2026-13-01"/],
      [['--today', 'tomorrow'], /--today must be a date written YYYY-MM-DD/],
      [['--format', 'sarif'], /--format must be one of "text", "json", "markdown", not "sarif"/],
      [['--locale', 'fr'], /--locale must be "en" or "zh-cn"/],
      [['--owner', '@'], /--owner needs a name/],
      [['--cache'], /Unknown option '--cache'/],
    ];
    for (const [args, message] of cases) {
      const r = await mot(['followups', ...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
      assert.match(r.stderr, /Usage: mot followups/);
      assert.equal(r.stdout, '');
    }
    const missing = await mot(['followups', '--today', TODAY, 'hengda', 'nowhere']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^mot followups: nowhere: /);
    assert.match(missing.stdout, /; 1 file could not be read\.\n$/);
    assert.match(missing.stdout, /^Overdue \(1\)/, 'what could be read is still listed');
    const badConfig = await mot(['followups', '--config', 'missing.json']);
    assert.equal(badConfig.code, 2);
    assert.match(badConfig.stderr, /invalid configuration: .*missing\.json:1:1: cannot read the configuration file/);
  });

  it('is a command of mot, with its own help', async () => {
    const help = await mot(['followups', '-h']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: mot followups \[options\] \[files, folders or globs…\]/);
    for (const option of ['--owner NAME', '--customer NAME', '--due-before YYYY-MM-DD', '--today', '--config', '--locale', '--format']) assert.ok(help.stdout.includes(option), option);
    const top = await mot(['--help']);
    assert.match(top.stdout, /\n {2}followups +list every open commitment/);
  });

  it('gives the same list and the same cross-note findings from the bundle in worker threads as in-process', async function () {
    this.timeout(60000);
    ensureBundle();
    const dir = mkdtempSync(join(tmpdir(), 'mot-followups-'));
    cpSync(REPO, join(dir, 'repo'), { recursive: true });
    // Enough notes for the worker pool; every other one confirms O1 of its folder's previous note.
    const previous = new Map<string, string>();
    for (const [i, f] of generateRepository(40, { folders: 4 }).entries()) {
      const folder = dirname(f.path);
      const date = /^date: (\S+)$/m.exec(f.text)![1];
      const ref = previous.get(folder);
      const text = ref && ref !== date && i % 2 ? `${f.text}\n## Confirm\n\n- [x] O1@${ref} confirmed\n- [x] O7@${ref} wrong\n` : f.text;
      previous.set(folder, date);
      mkdirSync(join(dir, folder), { recursive: true });
      writeFileSync(join(dir, f.path), text);
    }
    for (const args of [
      ['followups', '--format', 'json', '--today', TODAY, '.'],
      ['lint', '--format', 'json', '--today', TODAY, '.'],
    ]) {
      const bundled = spawnSync(process.execPath, [join(ROOT, 'dist/mot.js'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, MOT_LINT_THREADS: '2' } });
      const inProcess = await mot(args, {}, dir);
      assert.equal(bundled.stderr, '');
      assert.ok(bundled.stdout.length > 1000);
      assert.deepEqual(JSON.parse(bundled.stdout), JSON.parse(inProcess.stdout), args[0]);
      if (args[0] === 'lint') assert.ok((JSON.parse(bundled.stdout) as { rule: string }[]).some((f) => f.rule === 'unknown-offer-ref'));
    }
  });
});
