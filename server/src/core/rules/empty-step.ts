import { msg, STEP_PURPOSE, stepName, defineRule } from './rule.js';

/** A step heading with nothing under it. */
export const emptyStep = defineRule({
  id: 'empty-step',
  scope: 'calls',
  defaultSeverity: 'warning',
  summary: msg('A step heading with nothing under it', '步骤标题下没有任何内容'),
  check({ model }, report) {
    for (const call of model.calls) {
      for (const step of call.steps) {
        if (!step.empty) continue;
        const name = stepName(step.kind);
        report({
          span: step.titleSpan,
          message: msg(
            `The ${name.en} step is empty: an empty step is a skipped step — ${STEP_PURPOSE[step.kind].en}.`,
            `“${name['zh-cn']}”步骤是空的：空着的步骤等于跳过了这一步——${STEP_PURPOSE[step.kind]['zh-cn']}。`,
          ),
          data: { step: step.kind },
        });
      }
    }
  },
});
