import { STEP_ORDER } from '../types.js';
import { msg, stepName, defineRule } from './rule.js';

/** Steps of a call out of Explore → Offer → Action → Confirm order: reported on each step that comes after a later one. */
export const stepOrder = defineRule({
  id: 'step-order',
  scope: 'calls',
  defaultSeverity: 'warning',
  summary: msg('Steps out of Explore → Offer → Action → Confirm order, on each step heading that comes after a later step', '步骤没有按 探索 → 提议 → 行动 → 确认 的顺序，报告在排在更靠后步骤之后的标题上'),
  check({ model }, report) {
    for (const call of model.calls) {
      let latest = -1;
      for (const step of call.steps) {
        const rank = STEP_ORDER.indexOf(step.kind);
        if (rank < latest) {
          const here = stepName(step.kind);
          const before = stepName(STEP_ORDER[latest]);
          report({
            // Record sheets: the call is the column, so point at its header.
            span: call.form === 'sheet' ? call.titleSpan : step.titleSpan,
            message: msg(
              `${here.en} comes after ${before.en}: MOT runs Explore → Offer → Action → Confirm, each step building on the one before (offer only what exploring found; confirm only what was done).`,
              `“${here['zh-cn']}”出现在“${before['zh-cn']}”之后：关键时刻的顺序是 探索 → 提议 → 行动 → 确认，每一步都以前一步为基础（先探索再提议，先行动再确认）。`,
            ),
            data: { step: step.kind, after: STEP_ORDER[latest] },
          });
        } else latest = rank;
      }
    }
  },
});
