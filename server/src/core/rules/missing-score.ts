import { callName, msg, defineRule } from './rule.js';

/** A call without a score (off by default). */
export const missingScore = defineRule({
  id: 'missing-score',
  scope: 'calls',
  defaultSeverity: 'off',
  summary: msg('A call without a score', '互动没有评分'),
  check({ model }, report) {
    for (const call of model.calls) {
      if (call.scores.length) continue;
      report({
        span: call.titleSpan,
        message: msg(
          `Call ${callName(call).en} has no score: rate how the customer perceived it on the MOT scale, from −3 to +3 (e.g. "Score: +1"), to see which moments need repair.`,
          `互动${callName(call)['zh-cn']}没有评分：请按客户的感受在关键时刻评分表上打分（−3 到 +3，例如“评分：+1”），以便找出需要弥补的时刻。`,
        ),
      });
    }
  },
});
