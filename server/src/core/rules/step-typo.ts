import { loc } from '../l10n.js';
import { msg, stepName, defineRule, type FixContext } from './rule.js';

/** A heading that is almost a step name (`Confrim`, `Exlpore`). */
export const stepTypo = defineRule({
  id: 'step-typo',
  scope: 'calls',
  defaultSeverity: 'warning',
  summary: msg('A heading that is almost a step name (`Confrim`, `Exlpore`); the quick fix renames it', '标题与步骤名称只差一点（如 `Confrim`）；快速修复可改正'),
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
        data: { step: typo.kind },
      });
    }
  },
  fixes({ finding, model }: FixContext) {
    const typo = model.typos.find((t) => t.span.start === finding.span.start && t.span.end === finding.span.end);
    if (!typo?.fixes.length) return [];
    const to = typo.fixes.map((f) => f.replacement).join(' ');
    return [{ title: loc(`Change to "${to}"`, `改为“${to}”`), edits: typo.fixes.map((f) => ({ span: f.span, newText: f.replacement })), isPreferred: true, safe: true }];
  },
});
