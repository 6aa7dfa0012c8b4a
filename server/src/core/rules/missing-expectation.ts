import { msg, stepFindingSpan, defineRule } from './rule.js';

/** An Explore step that records no customer expectation. */
export const missingExpectation = defineRule({
  id: 'missing-expectation',
  scope: 'calls',
  defaultSeverity: 'info',
  summary: msg('An Explore step with no customer expectation', '"探索"中没有记录客户期望'),
  check({ model, text }, report) {
    for (const call of model.calls) {
      for (const step of call.steps) {
        if (step.kind !== 'explore' || step.empty) continue;
        if (step.items.some((i) => i.labels.some((l) => l.kind === 'expectation'))) continue;
        const label = call.language === 'zh' ? '客户期望（潜在的期望）：…' : 'Expectation (implicit): …';
        report({
          span: stepFindingSpan(text, call, step),
          message: msg(
            `Explore records no customer expectation: what result does the customer expect — explicit, implicit, or not yet formed? Uncovering the latent ones is how you exceed expectations. Add "${label}".`,
            '“探索”没有记录客户期望：客户期望得到什么结果——明显的、潜在的，还是尚不存在的？发掘潜在期望才能超出期望。请添加“客户期望（潜在的期望）：……”。',
          ),
        });
      }
    }
  },
});
