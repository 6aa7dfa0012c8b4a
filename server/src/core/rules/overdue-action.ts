import { msg, defineRule } from './rule.js';

/** An open action whose due date is before today. */
export const overdueAction = defineRule({
  id: 'overdue-action',
  scope: 'calls',
  defaultSeverity: 'warning',
  summary: msg('An open `- [ ]` action whose due date is before today', '未完成的行动 `- [ ]` 已过截止日期'),
  check({ model, today }, report) {
    for (const call of model.calls) {
      for (const action of call.actions) {
        if (action.checked !== false || !action.due?.valid || action.due.date >= today) continue;
        const days = daysBetween(action.due.date, today);
        report({
          span: action.due.span,
          message: msg(
            `This action was due ${action.due.date} (${days} day${days === 1 ? '' : 's'} ago) and is still open: a promise kept late is a promise broken — do it now, or tell the customer and agree a new date.`,
            `该行动的截止日期是 ${action.due.date}（已过 ${days} 天），仍未完成：迟到的兑现就是失信——请立即完成，或告知客户并约定新的日期。`,
          ),
          data: { date: action.due.date },
        });
      }
    }
  },
});

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
