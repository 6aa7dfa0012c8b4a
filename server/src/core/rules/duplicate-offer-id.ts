import { msg, type RelatedReport, defineRule } from './rule.js';

/** An offer id used twice in one call: reported on every use after the first. */
export const duplicateOfferId = defineRule({
  id: 'duplicate-offer-id',
  scope: 'calls',
  defaultSeverity: 'error',
  summary: msg('An offer id used twice in one call', '同一互动中提议编号重复'),
  check({ model }, report) {
    for (const call of model.calls) {
      const first = new Map<string, RelatedReport>();
      for (const offer of call.offers) {
        if (!offer.id) continue;
        const seen = first.get(offer.id.id);
        if (!seen) {
          first.set(offer.id.id, { span: offer.id.span, message: msg('First used here', '首次使用处') });
          continue;
        }
        report({
          span: offer.id.span,
          message: msg(
            `Offer id ${offer.id.id} is already used in this call: actions and confirmations that mention it become ambiguous. Give each offer its own id.`,
            `提议编号 ${offer.id.id} 在本次互动中已被使用：引用它的行动和确认会产生歧义。请为每个提议使用不同的编号。`,
          ),
          related: [seen],
          data: { id: offer.id.id },
        });
      }
    }
  },
});
