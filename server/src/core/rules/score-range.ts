import { isScoreInRange } from '../model/items.js';
import { msg, defineRule } from './rule.js';

/** A score that is not an integer from −3 to +3. */
export const scoreRange = defineRule({
  id: 'score-range',
  scope: 'calls',
  defaultSeverity: 'error',
  summary: msg('A score that is not an integer from −3 to +3', '评分不是 −3 到 +3 之间的整数'),
  check({ model }, report) {
    for (const call of model.calls) {
      for (const score of call.scores) {
        if (score.source === 'front-matter' || isScoreInRange(score.value)) continue;
        report({
          span: score.span,
          message: msg(
            `Score ${score.raw} is not on the MOT scale: use a whole number from −3 (endangered the relationship) to +3 (delighted the customer).`,
            `评分 ${score.raw} 不在关键时刻评分范围内：请使用 −3（危及双方的关系）到 +3（让客户喜悦）之间的整数。`,
          ),
        });
      }
    }
  },
});
