import { msg, defineRule, type Report } from './rule.js';
import type { Item } from '../model/model.js';
import { daysBetween } from '../model/dates.js';
import { isOverdue } from '../model/predicates.js';

/** An open action whose due date is before today: in a call, or a commitment outside calls. */
export const overdueAction = defineRule({
  id: 'overdue-action',
  scope: 'calls',
  defaultSeverity: 'warning',
  summary: msg('An open action (or open task outside calls) whose due date is before today', '还没完成的行动（或记录中其他未勾选的待办）已过截止日期'),
  check({ model, today }, report) {
    for (const call of model.calls) for (const action of call.actions) check(action, today, report);
    for (const item of model.commitments) check(item, today, report);
  },
});

function check(action: Item, today: string, report: (r: Report) => void): void {
  if (!isOverdue(action, today)) return;
  const due = action.due!;
  const days = daysBetween(due.date, today);
  report({
    span: due.span,
    message: msg(
      `This promise was due ${due.date} and is still open ${days} day${days === 1 ? '' : 's'} later: if it is done, tick it; if it cannot be done, tell the customer before they have to ask, and agree a new date.`,
      `已逾期 ${days} 天仍未勾选（截止 ${due.date}）：做完了请勾选；做不到请主动告知客户，重新约定时间。`,
    ),
    data: { date: due.date },
  });
}
