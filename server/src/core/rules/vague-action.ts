import { msg, defineRule } from './rule.js';

/** An open action with no due date. */
export const vagueAction = defineRule({
  id: 'vague-action',
  scope: 'calls',
  defaultSeverity: 'info',
  summary: msg('An open `- [ ]` action with no due date', '未完成的行动 `- [ ]` 没有截止日期'),
  check({ model }, report) {
    for (const call of model.calls) {
      for (const action of call.actions) {
        if (action.checked !== false || action.due?.valid) continue;
        const invalid = action.due && !action.due.valid;
        report({
          span: action.span,
          message: invalid
            ? msg(
                `This action's due date ${action.due!.date} is not a real date: a promise needs a clear when (write "due YYYY-MM-DD").`,
                `该行动的截止日期 ${action.due!.date} 不是有效日期：承诺需要明确的时间（写作“截止 YYYY-MM-DD”）。`,
              )
            : msg(
                `This open action has no due date: a promise without a when cannot be kept on time (add "due YYYY-MM-DD"${action.owners.length ? '' : ' and an owner, @name'}).`,
                `该未完成行动没有截止日期：没有时间的承诺无法按时兑现（请加上“截止 YYYY-MM-DD”${action.owners.length ? '' : '和负责人 @姓名'}）。`,
              ),
        });
      }
    }
  },
});
