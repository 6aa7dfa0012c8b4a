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
        const kinds = new Set(step.items.flatMap((i) => i.labels.map((l) => l.kind)));
        const span = stepFindingSpan(text, call, step);
        // The label to add is written in the note's language, whatever the language of the message.
        const zh = call.language === 'zh';
        if (!kinds.has('business')) {
          report({
            span,
            message: msg(
              `Explore records no business win: think customer — what does their company gain (better service, lower cost, shorter cycle times…)? Add "${zh ? '企业利益：…' : 'Business win: …'}".`,
              '“探索”没有记录企业利益：站在客户的角度想——客户公司能得到什么（更好的服务、更低的成本、更短的周期……）？请补上“企业利益：……”。',
            ),
            data: { win: 'business' },
          });
        }
        if (!kinds.has('personal')) {
          report({
            span,
            message: msg(
              `Explore records no personal win: what does your contact gain for themselves (credibility with the board, relief from time pressure…)? Add "${zh ? '个人利益：…' : 'Personal win: …'}".`,
              '“探索”没有记录个人利益：对方自己能得到什么（在领导面前更有面子、时间压力小一些……）？请补上“个人利益：……”。',
            ),
            data: { win: 'personal' },
          });
        }
      }
    }
  },
});
