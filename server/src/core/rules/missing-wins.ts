import { msg, stepFindingSpan, defineRule } from './rule.js';

/** An Explore step that records no business win, or no personal win: one finding per missing kind. */
export const missingWins = defineRule({
  id: 'missing-wins',
  scope: 'calls',
  defaultSeverity: 'info',
  summary: msg('An Explore step with no business win, or no personal win', '"探索"中没有记录企业利益或个人利益'),
  check({ model, text }, report) {
    for (const call of model.calls) {
      for (const step of call.steps) {
        if (step.kind !== 'explore' || step.empty) continue;
        const kinds = new Set(step.items.map((i) => i.label?.kind));
        const span = stepFindingSpan(text, call, step);
        if (!kinds.has('business')) {
          report({
            span,
            message: msg(
              'Explore records no business win: think customer — what does their organisation gain (better service, lower cost, shorter cycle times…)? Add "Business win: …".',
              '“探索”没有记录企业利益：为客户着想——客户的组织能得到什么（更好的服务、更低的成本、更短的周期……）？请添加“企业利益：……”。',
            ),
            data: { win: 'business' },
          });
        }
        if (!kinds.has('personal')) {
          report({
            span,
            message: msg(
              'Explore records no personal win: what does your contact gain for themselves (credibility with the board, relief from time pressure…)? Add "Personal win: …".',
              '“探索”没有记录个人利益：对方个人能得到什么（在管理层面前的信誉、缓解时间压力……）？请添加“个人利益：……”。',
            ),
            data: { win: 'personal' },
          });
        }
      }
    }
  },
});
