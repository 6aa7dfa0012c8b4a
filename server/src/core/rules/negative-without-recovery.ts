import { msg, defineRule } from './rule.js';
import { formatScore, SCALE } from '../model/scale.js';
import { isOpenAction } from '../model/predicates.js';

/** A negative score with no open action to repair it. */
export const negativeWithoutRecovery = defineRule({
  id: 'negative-without-recovery',
  scope: 'calls',
  defaultSeverity: 'warning',
  summary: msg('A negative score with no open action to repair it', '负分的互动还没有安排补救行动'),
  check({ model }, report) {
    for (const call of model.calls) {
      if (call.actions.some(isOpenAction)) continue;
      for (const score of call.scores) {
        if (score.value === null || score.value >= 0 || !Number.isInteger(score.value) || score.value < -3) continue;
        const meaning = SCALE.get(score.value)!;
        report({
          span: score.span,
          message: msg(
            `Score ${formatScore(score.value)} (${meaning.en}) is a negative moment of truth, and no open action repairs it: add one, e.g. "- [ ] Call back to put it right due YYYY-MM-DD @owner".`,
            `评分 ${formatScore(score.value)}（${meaning['zh-cn']}）是一次负面的关键时刻，但还没有安排任何补救：请加一项行动，写明做什么、谁来做、何时做，例如“- [ ] 回电向客户说明并补救 截止 YYYY-MM-DD @负责人”。`,
          ),
        });
      }
    }
  },
});
