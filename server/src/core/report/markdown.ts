import type { Locale } from '../l10n.js';
import { formatScore } from '../model/scale.js';
import { STEP_ORDER } from '../types.js';
import type { FollowUp } from '../workspace/followups.js';
import type { CallRef, CustomerReport, ReportCall, ReportData } from './data.js';
import { customerName } from './html.js';
import { customerFigures, percent, periodText, STEP_SHORT, T, undatedText } from './texts.js';

/** How the Markdown links to notes. */
export interface MarkdownOptions {
  locale: Locale;
  /** The link target of a note at a line (a relative path with `#L12` opens it there on GitHub). */
  link(file: string, line: number): string;
}

/** A table cell: pipes and line breaks escaped, so that a note's text never breaks the table. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function mdLink(label: string, target: string): string {
  const text = cell(label).replace(/[[\]]/g, '\\$&');
  return `[${text}](${/[\s()<>]/.test(target) ? `<${target.replace(/[<>]/g, encodeURIComponent)}>` : target})`;
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.map(cell).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''];
}

/**
 * The report in GitHub-flavoured Markdown, to paste into an issue, a wiki or
 * a weekly e-mail: the same sections as the HTML, with the score trend as a
 * line of scores in date order instead of a chart.
 */
export function renderMarkdown(data: ReportData, options: MarkdownOptions): string {
  const { locale } = options;
  const t = (k: keyof typeof T) => T[k][locale];
  const n = data.totals;
  const out: string[] = [`# ${data.since || data.until ? t('digestTitle') : t('title')}`, '', periodText(data, locale), ''];
  out.push(
    ...table(
      [t('summary'), ''],
      [
        [t('customers'), String(n.customers)],
        [t('calls'), String(n.calls)],
        [t('withConfirm'), `${percent(n.confirmShare)} (${n.callsWithConfirm}/${n.calls})`],
        [t('openActions'), String(n.openActions)],
        [t('overdue'), String(n.overdueActions)],
        [t('unconfirmedOffers'), String(n.unconfirmedOffers)],
        [t('negativeNoRepair'), String(n.negativeWithoutRepair)],
      ].map((r) => r.map(cell)),
    ),
  );
  if (!n.calls) out.push(t(data.since !== null || data.until !== null ? 'noCallsInPeriod' : 'noCalls'), '');
  const calls = (list: readonly CallRef[]) =>
    list.length ? table([t('date'), t('customer'), t('call')], list.map((c) => [cell(c.date ?? t('noDate')), cell(c.customer ?? '—'), mdLink(c.title, options.link(c.file, c.line))])) : [t('none'), ''];
  const items = (list: readonly FollowUp[], byOwner: boolean) => {
    if (!list.length) return [t('none'), ''];
    const where = (f: FollowUp) => mdLink(`${f.file}:${f.line}`, options.link(f.file, f.line));
    return byOwner
      ? table([t('owner'), t('due'), t('what'), t('customer'), t('where')], list.map((f) => [cell(f.owner ?? t('nobody')), cell(f.due ?? '—'), cell(f.text), cell(f.customer ?? '—'), where(f)]))
      : table([t('date'), t('what'), t('customer'), t('where')], list.map((f) => [cell(f.callDate ?? t('noDate')), cell(`${f.id ? `${f.id} ` : ''}${f.text}`), cell(f.customer ?? '—'), where(f)]));
  };
  out.push(`## ${t('callsWithoutConfirm')}`, '', ...calls(data.callsWithoutConfirm));
  out.push(`## ${t('unconfirmedOffers')}`, '', ...items(data.unconfirmedOffers, false));
  out.push(`## ${t('overdueByOwner')}`, '', ...items(data.overdueActions, true));
  out.push(`## ${t('negativeNoRepair')}`, '', ...calls(data.negativeWithoutRepair));
  out.push(`## ${t('owners')}`, '');
  out.push(...(data.owners.length ? table([t('owner'), t('openActions'), t('overdue')], data.owners.map((o) => [cell(o.owner ?? t('nobody')), String(o.open), String(o.overdue)])) : [t('none'), '']));
  for (const c of data.customers) out.push(...customer(c, options));
  return `${out.join('\n').trimEnd()}\n`;
}

function customer(c: CustomerReport, options: MarkdownOptions): string[] {
  const { locale } = options;
  const t = (k: keyof typeof T) => T[k][locale];
  const out = [`## ${customerName(c, locale)}`, ''];
  out.push(customerFigures(c, locale), '');
  const trend = c.calls.filter((k) => k.date !== null).map((k) => (k.score === null ? '·' : formatScore(k.score)));
  if (trend.length) out.push(`${locale === 'zh-cn' ? '评分趋势' : 'Score trend'}: ${trend.join(' → ')}`, '');
  const undated = c.calls.filter((k) => k.date === null).length;
  if (undated) out.push(undatedText(undated, locale, false), '');
  const steps = (k: ReportCall) => STEP_ORDER.map((s) => (k.steps.includes(s) && (s !== 'confirm' || k.confirmed) ? STEP_SHORT[s][locale] : `~~${STEP_SHORT[s][locale]}~~`)).join(' ');
  const score = (k: ReportCall) => (k.score !== null ? formatScore(k.score) : `${t('noScore')}${k.scoreRaw ? ` (${k.scoreRaw})` : ''}`);
  out.push(
    ...table(
      [t('date'), t('call'), t('score'), t('steps'), t('unconfirmedOffers'), t('openActions'), t('overdue')],
      c.calls.map((k) => [cell(k.date ?? t('noDate')), mdLink(k.title, options.link(k.file, k.line)), cell(score(k)), steps(k), String(k.unconfirmedOffers), String(k.openActions), String(k.overdueActions)]),
    ),
  );
  return out;
}
