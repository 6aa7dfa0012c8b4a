import { loc, type Locale, type Localized } from '../l10n.js';
import type { StepKind } from '../types.js';
import type { CustomerReport, ReportData } from './data.js';

/** The words of the reports (HTML, Markdown and the timeline), in every locale. */
export const T = {
  title: loc('MOT report', '关键时刻报告'),
  digestTitle: loc('MOT weekly digest', '关键时刻周报'),
  timelineTitle: loc('Customer timeline', '客户时间线'),
  summary: loc('At a glance', '概览'),
  scoreTrend: loc('Score trend and calls', '评分趋势与各次互动'),
  calls: loc('Calls', '互动'),
  customers: loc('Customers', '客户'),
  customer: loc('Customer', '客户'),
  withConfirm: loc('Calls with a confirmation', '做了确认的互动'),
  openActions: loc('Open actions', '未完成的行动'),
  overdue: loc('Overdue', '已逾期'),
  unconfirmedOffers: loc('Offers not confirmed', '尚未确认的提议'),
  negativeNoRepair: loc('Negative calls with no repair', '负分且没有补救的互动'),
  callsWithoutConfirm: loc('Calls without a confirmation', '没有确认的互动'),
  overdueByOwner: loc('Overdue actions, by owner', '逾期的行动（按负责人）'),
  owners: loc('Open commitments per owner', '各负责人的未完成承诺'),
  owner: loc('Owner', '负责人'),
  nobody: loc('(no owner)', '（未指定负责人）'),
  noCustomer: loc('Notes with no customer', '未写客户的笔记'),
  date: loc('Date', '日期'),
  call: loc('Call', '互动'),
  score: loc('Score', '评分'),
  steps: loc('Steps', '步骤'),
  due: loc('Due', '截止日期'),
  what: loc('What', '事项'),
  where: loc('Where', '位置'),
  noScore: loc('no score', '未评分'),
  noDate: loc('no date', '无日期'),
  average: loc('average score', '平均评分'),
  latest: loc('latest', '最近'),
  none: loc('None.', '无。'),
  noCalls: loc('No calls found in these notes.', '这些笔记里没有找到互动记录。'),
  noCallsInPeriod: loc('No calls in this period.', '这段时间没有互动记录。'),
  chartKey: loc(
    'Each point is a call; a hollow point is a call in which no confirmation was given. The shaded band is the negative moments of truth, the ones that call for repair.',
    '每个点是一次互动；空心点表示这次互动没有做确认。阴影区是负面的关键时刻，需要补救。',
  ),
} satisfies Record<string, Localized>;

/** The step names as the tables abbreviate them (E O A C / 探 提 行 确). */
export const STEP_SHORT: Record<StepKind, Localized> = {
  explore: loc('Explore', '探索'),
  offer: loc('Offer', '提议'),
  action: loc('Action', '行动'),
  confirm: loc('Confirm', '确认'),
};

/** The period line: "2026-11-16 – 2026-11-22", "since 2026-11-16", or everything up to today. */
export function periodText(data: Pick<ReportData, 'since' | 'until' | 'today'>, locale: Locale): string {
  const zh = locale === 'zh-cn';
  if (data.since && data.until) return `${data.since} – ${data.until}`;
  if (data.since) return zh ? `${data.since} 起` : `since ${data.since}`;
  if (data.until) return zh ? `截至 ${data.until}` : `up to ${data.until}`;
  return zh ? `全部笔记，截至 ${data.today}` : `all notes, as of ${data.today}`;
}

/** A share as a whole percentage, or a dash with nothing to share. */
export function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

/** An average score with one decimal and a sign. */
export function averageText(value: number | null): string {
  if (value === null) return '—';
  const r = Math.round(value * 10) / 10;
  return r > 0 ? `+${r.toFixed(1)}` : r < 0 ? `−${(-r).toFixed(1)}` : '0.0';
}

/** Why some calls are in a customer's table but not on its chart. */
export function undatedText(n: number, locale: Locale, chart = true): string {
  if (locale === 'zh-cn') return `${n} 次互动没有日期${chart ? '：列在表中，但不在图上' : '，排在表的最后'}。`;
  return `${n} ${n === 1 ? 'call' : 'calls'} without a date${chart ? ': in the table, not on the chart' : ', at the end of the table'}.`;
}

/** A customer's figures on one line, as both the HTML and the Markdown report write them. */
export function customerFigures(c: CustomerReport, locale: Locale): string {
  const t = (k: keyof typeof T) => T[k][locale];
  return [
    `${t('calls')}: ${c.calls.length}`,
    `${t('withConfirm')}: ${percent(c.confirmShare)}`,
    `${t('average')}: ${averageText(c.averageScore)}`,
    `${t('openActions')}: ${c.openActions}`,
    `${t('overdue')}: ${c.overdueActions}`,
    `${t('unconfirmedOffers')}: ${c.unconfirmedOffers}`,
    `${t('negativeNoRepair')}: ${c.negativeWithoutRepair}`,
  ].join(' · ');
}
