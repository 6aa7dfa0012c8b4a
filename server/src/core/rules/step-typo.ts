import { msg, stepName, type Rule } from './rule.js';

/** A heading that is almost a step name (`Confrim`, `Exlpore`). */
export const stepTypo: Rule = {
  id: 'step-typo',
  defaultSeverity: 'warning',
  summary: msg('A heading that is almost a step name', '标题与步骤名称只差一两个字母'),
  check({ model, text }, report) {
    for (const typo of model.typos) {
      const name = stepName(typo.kind);
      const written = text.slice(typo.span.start, typo.span.end);
      const fixed = typo.fixes.map((f) => f.replacement).join(' ') || name.en;
      report({
        span: typo.span,
        message: msg(
          `"${written}" looks like a misspelt step name: did you mean "${fixed}"? Until it is fixed, the ${name.en} step is not recognised.`,
          `“${written}”像是拼错的步骤名称：是否应为“${fixed}”？修正之前，“${name['zh-cn']}”步骤无法被识别。`,
        ),
        data: { step: typo.kind, fixes: typo.fixes },
      });
    }
  },
};
