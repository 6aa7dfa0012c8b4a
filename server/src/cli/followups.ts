import { parseArgs } from 'node:util';
import { eastAsianWidth } from 'get-east-asian-width';
import { followUps, type FollowUp, type FollowUpFilter, type Locale } from '../core/index.js';
import { palette, wantsColor, type Palette } from './color.js';
import type { RunCounts } from './formats.js';
import { startDigestedRun } from './digested.js';
import { dateOption, localeOption, todayOption, UsageError, type CliIo } from './inputs.js';

const FORMATS = ['text', 'json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

interface Options {
  format: Format;
  today: string;
  config?: string;
  locale: Locale;
  paths: string[];
  filter: FollowUpFilter;
}

/** The help text of `mot followups`. */
export function followupsUsage(program = 'mot followups'): string {
  return `Usage: ${program} [options] [files, folders or globs…]

Lists every open commitment of the call notes, most urgent first: overdue
actions, open actions by due date, actions with no date, then offers no
done confirmation covers. Folders (default: the current one) are searched
for *.md, skipping node_modules and .git.

Options:
  --owner NAME             only actions of this owner (@paul, paul, 王磊)
  --customer NAME          only follow-ups of this customer (front matter "customer")
  --due-before YYYY-MM-DD  only actions due before this date
  --today YYYY-MM-DD       the date overdue actions are measured against (default: today)
  --config FILE            use this configuration instead of the nearest .motrc.json
  --locale en|zh-cn        language of the output (default: from LANG)
  --format FORMAT          text (default: an agenda), json or markdown (to paste
                           into a report or an issue)
  -h, --help               show this help

Exit codes: 0 (open follow-ups are no error), 2 a usage or input error.`;
}

/** Runs `mot followups` with `argv`; resolves to the exit code. */
export async function runFollowups(argv: string[], io: CliIo, program = 'mot followups'): Promise<number> {
  const started = await startDigestedRun(argv, io, program, parseOptions, followupsUsage);
  if (typeof started === 'number') return started;
  const { options, run } = started;
  const { counts } = run;
  const list = followUps(run.notes, options.filter);
  switch (options.format) {
    case 'json':
      io.stdout(`${JSON.stringify(list, null, 2)}\n`);
      break;
    case 'markdown':
      io.stdout(formatMarkdown(list, counts, options.locale));
      break;
    default:
      io.stdout(formatAgenda(list, counts, options.locale, palette(wantsColor(io.env, io.isTTY ?? false))));
  }
  return run.failed ? 2 : 0;
}

function parseOptions(argv: string[], io: CliIo): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        owner: { type: 'string' },
        customer: { type: 'string' },
        'due-before': { type: 'string' },
        today: { type: 'string' },
        config: { type: 'string' },
        locale: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const format = (v.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.map((f) => `"${f}"`).join(', ')}, not "${v.format}"`);
  const filter: FollowUpFilter = {};
  for (const [name, value] of [
    ['owner', v.owner],
    ['customer', v.customer],
  ] as const) {
    if (value === undefined) continue;
    if (!value.trim().replace(/^@/, '')) throw new UsageError(`--${name} needs a name, not "${value}"`);
    filter[name] = value;
  }
  if (v['due-before'] !== undefined) filter.dueBefore = dateOption('--due-before', v['due-before']);
  return {
    format,
    today: todayOption(v.today),
    config: v.config,
    locale: localeOption(v.locale, io.env),
    paths: parsed.positionals.length ? parsed.positionals : ['.'],
    filter,
  };
}

/** The agenda's groups, in the order of urgency the list is sorted in. */
type Group = 'overdue' | 'dated' | 'undated' | 'offers';
const GROUPS: readonly Group[] = ['overdue', 'dated', 'undated', 'offers'];
const GROUP_TITLE: Record<Group, Record<Locale, string>> = {
  overdue: { en: 'Overdue', 'zh-cn': '已逾期' },
  dated: { en: 'Open, with a due date', 'zh-cn': '有截止日期的待办' },
  undated: { en: 'Open, no due date', 'zh-cn': '没有截止日期的待办' },
  offers: { en: 'Offers not confirmed', 'zh-cn': '尚未确认的提议' },
};

function groupHeading(group: Group, n: number, locale: Locale): string {
  return locale === 'zh-cn' ? `${GROUP_TITLE[group][locale]}（${n} 项）` : `${GROUP_TITLE[group][locale]} (${n})`;
}

function groupOf(f: FollowUp): Group {
  if (f.kind === 'offer') return 'offers';
  if (f.status === 'overdue') return 'overdue';
  return f.due ? 'dated' : 'undated';
}

function grouped(list: readonly FollowUp[]): [Group, FollowUp[]][] {
  return GROUPS.map((g) => [g, list.filter((f) => groupOf(f) === g)] as [Group, FollowUp[]]).filter(([, items]) => items.length > 0);
}

/** What the text and Markdown show as a follow-up's text: an offer with its id, its state and its call. */
function describe(f: FollowUp, locale: Locale): string {
  if (f.kind === 'action') return f.text;
  const id = f.id ? `${f.id} ` : '';
  const planned = f.status === 'planned' ? (locale === 'zh-cn' ? '（已安排回访，尚未确认）' : ' (confirmation planned, not yet asked)') : '';
  const call = f.call ? (locale === 'zh-cn' ? ` · “${f.call}”${f.callDate ? ` ${f.callDate}` : ''}` : ` · "${f.call}"${f.callDate ? ` ${f.callDate}` : ''}`) : '';
  return `${id}${f.text}${planned}${call}`;
}

const NONE = '—';

/** Columns a text takes in a terminal: wide (CJK) characters count two. */
function width(text: string): number {
  let n = 0;
  for (const ch of text) n += eastAsianWidth(ch.codePointAt(0)!);
  return n;
}

function pad(text: string, to: number): string {
  return text + ' '.repeat(Math.max(0, to - width(text)));
}

/**
 * The default output: an agenda in groups (overdue, open with a due date,
 * open with none, offers not confirmed), one aligned line per follow-up,
 * `path:line:col  due  owner  customer  text`, then a summary line.
 */
export function formatAgenda(list: readonly FollowUp[], counts: RunCounts, locale: Locale, paint: Palette): string {
  const cells = list.map((f) => [`${f.file}:${f.line}:${f.column}`, f.due ?? NONE, f.owner ?? NONE, f.customer ?? NONE]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(0, ...cells.map((c) => width(c[i]))));
  const row = new Map(list.map((f, i) => [f, cells[i]]));
  const out: string[] = [];
  for (const [group, items] of grouped(list)) {
    out.push(paint.heading(groupHeading(group, items.length, locale)));
    for (const f of items) {
      const [where, due, owner, customer] = row.get(f)!;
      const dueText = f.status === 'overdue' ? paint.severity('error', due) : f.due ? paint.severity('warning', due) : due;
      // Padding is measured on the plain text: colour codes take no columns.
      const dueCell = dueText + ' '.repeat(Math.max(0, widths[1] - width(due)));
      out.push(`  ${paint.path(where)}${' '.repeat(widths[0] - width(where))}  ${dueCell}  ${pad(owner, widths[2])}  ${pad(customer, widths[3])}  ${describe(f, locale)}`.trimEnd());
    }
    out.push('');
  }
  const overdue = list.filter((f) => f.status === 'overdue').length;
  out.push(paint.summary(list.length === 0 && counts.unreadable + counts.unchecked === 0, overdue > 0, summaryLine(list, counts, locale)));
  return `${out.join('\n')}\n`;
}

function summaryLine(list: readonly FollowUp[], c: RunCounts, locale: Locale): string {
  const n = (g: Group) => list.filter((f) => groupOf(f) === g).length;
  const notes = new Set(list.map((f) => f.file)).size;
  const failed = c.unreadable + c.unchecked > 0;
  if (locale === 'zh-cn') {
    const head = list.length
      ? `共 ${list.length} 项待跟进（逾期 ${n('overdue')}，有截止日期 ${n('dated')}，无截止日期 ${n('undated')}，未确认的提议 ${n('offers')}），分布在 ${notes} 篇笔记中；读取了 ${c.notes} 篇通话记录（共 ${c.files} 个文件）`
      : `${failed ? '0 项待跟进' : '没有待跟进的事项'}：读取了 ${c.notes} 篇通话记录（共 ${c.files} 个文件）`;
    const tail = [c.unreadable ? `${c.unreadable} 个文件无法读取` : '', c.unchecked ? `${c.unchecked} 个文件未能检查` : ''].filter(Boolean);
    return `${[head, ...tail].join('；')}。`;
  }
  const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  const head = list.length
    ? `${plural(list.length, 'follow-up')} (${n('overdue')} overdue, ${n('dated')} due later, ${n('undated')} with no due date, ${plural(n('offers'), 'offer')} not confirmed) in ${plural(notes, 'note')}; ${plural(c.notes, 'call note')} read of ${plural(c.files, 'file')}`
    : `${failed ? '0 follow-ups' : 'No open follow-ups'}: ${plural(c.notes, 'call note')} read of ${plural(c.files, 'file')}`;
  const tail = [c.unreadable ? `${plural(c.unreadable, 'file')} could not be read` : '', c.unchecked ? `${plural(c.unchecked, 'file')} could not be checked` : ''].filter(Boolean);
  return `${[head, ...tail].join('; ')}.`;
}

const MD_HEAD: Record<Locale, { title: string; columns: string[] }> = {
  en: { title: 'Follow-ups', columns: ['Due', 'Owner', 'Customer', 'Follow-up', 'Where'] },
  'zh-cn': { title: '待跟进事项', columns: ['截止日期', '负责人', '客户', '事项', '位置'] },
};

/** A table cell: pipes escaped, so that a note's text never breaks the table. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function link(f: FollowUp): string {
  const target = `${f.file}#L${f.line}`;
  const label = cell(`${f.file}:${f.line}`).replace(/[[\]]/g, '\\$&');
  return `[${label}](${/[\s()<>]/.test(target) ? `<${target.replace(/[<>]/g, encodeURIComponent)}>` : target})`;
}

/**
 * `--format markdown`: a heading per group and a GFM table a manager can
 * paste into a report or an issue (links open the note at the line on
 * GitHub), then the summary.
 */
export function formatMarkdown(list: readonly FollowUp[], counts: RunCounts, locale: Locale): string {
  const head = MD_HEAD[locale];
  const out = [`# ${head.title}`, ''];
  for (const [group, items] of grouped(list)) {
    out.push(`## ${groupHeading(group, items.length, locale)}`, '', `| ${head.columns.join(' | ')} |`, `|${head.columns.map(() => '---').join('|')}|`);
    for (const f of items) out.push(`| ${[f.due ?? NONE, f.owner ?? NONE, f.customer ?? NONE, describe(f, locale)].map(cell).join(' | ')} | ${link(f)} |`);
    out.push('');
  }
  out.push(summaryLine(list, counts, locale));
  return `${out.join('\n')}\n`;
}
