import { msg, defineRule } from './rule.js';
import { isOpenAction } from '../model/predicates.js';

/** An open action with no due date. */
export const vagueAction = defineRule({
  id: 'vague-action',
  scope: 'calls',
  defaultSeverity: 'info',
  summary: msg('An open action (a task, or a promise still to keep) with no due date', '还没完成的行动（待办，或还要兑现的承诺）没有写明截止日期'),
  check({ model }, report) {
    for (const call of model.calls) {
      for (const action of call.actions) {
        if (!isOpenAction(action) || action.due?.valid) continue;
        const invalid = action.due && !action.due.valid;
        report({
          span: action.span,
          message: action.due?.ambiguous
            ? msg(
                `The due date ${action.due.date} reads two ways (day/month or month/day), so it is not counted: write it as YYYY-MM-DD or "Nov 3", or set "dateOrder" ("dmy" or "mdy") in .motrc.json or the mot.dateOrder setting.`,
                `截止日期 ${action.due.date} 有两种读法（日/月 还是 月/日），所以没有被采用：请写成 YYYY-MM-DD 或“11月3日”，或在 .motrc.json 或 mot.dateOrder 设置中指定 "dateOrder"（"dmy" 或 "mdy"）。`,
              )
            : invalid
            ? msg(
                `This action's due date ${action.due!.date} is not a real date: a promise needs a clear when (write "due YYYY-MM-DD" or "by Nov 20").`,
                `这项行动的截止日期 ${action.due!.date} 不是真实存在的日期：承诺要有明确的时间（写成“截止 YYYY-MM-DD”或“11月20日前”）。`,
              )
            : msg(
                `This open action has no date that can be read: a promise without a when cannot be kept on time. Add one, e.g. "due 2026-11-25" or "by Nov 25"${action.owners.length ? '' : ', and who does it: @name'}.`,
                `这项行动还没有写明日期（或日期读不出来）：没有时间的承诺很难按时兑现。请写上日期，例如“截止 2026-11-25”或“11月25日前”${action.owners.length ? '' : '，并写明由谁负责：@姓名'}。`,
              ),
        });
      }
    }
  },
});
