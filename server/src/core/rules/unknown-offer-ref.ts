import { msg, defineRule } from './rule.js';

/** An action or confirmation that names an offer id the call lacks. */
export const unknownOfferRef = defineRule({
  id: 'unknown-offer-ref',
  scope: 'calls',
  defaultSeverity: 'warning',
  summary: msg('An action or confirmation naming an offer id the call lacks', '行动或确认引用了本互动中不存在的提议编号'),
  check({ model }, report) {
    for (const call of model.calls) {
      const ids = new Set(call.offers.flatMap((o) => (o.id ? [o.id.id] : [])));
      const known = [...ids].join(', ') || '—';
      for (const item of [...call.actions, ...call.confirmations]) {
        for (const ref of item.mentions) {
          if (ids.has(ref.id)) continue;
          report({
            span: ref.span,
            message: msg(
              `${ref.id} is not an offer of this call (its offers: ${known}): an action or confirmation must point at something the customer was offered, or nobody can tell which promise it keeps.`,
              `${ref.id} 不是本次互动中的提议（现有提议：${known}）：行动和确认必须对应向客户提出的提议，否则无法知道兑现的是哪一项承诺。`,
            ),
            data: { id: ref.id },
          });
        }
      }
    }
  },
});
