import { msg, offerName, type RelatedReport, type Rule } from './rule.js';

/** An offer that no done confirmation covers. */
export const unconfirmedOffer: Rule = {
  id: 'unconfirmed-offer',
  defaultSeverity: 'warning',
  summary: msg('An offer that no done confirmation covers', '没有任何已完成的确认覆盖的提议'),
  check({ model }, report) {
    for (const call of model.calls) {
      const confirm = call.steps.find((s) => s.kind === 'confirm');
      for (const offer of call.offers) {
        if (offer.confirmations.some((c) => c.checked !== false)) continue;
        const planned = offer.confirmations.length > 0;
        const name = offerName(offer);
        const related: RelatedReport[] = confirm
          ? [{ span: confirm.titleSpan, message: msg('The Confirm step of this call', '本次互动的“确认”步骤') }]
          : [];
        report({
          span: offer.span,
          message: planned
            ? msg(
                `Offer ${name.en} is only planned to be confirmed: until you ask the customer whether it met the expectation, a miss cannot be repaired.`,
                `提议 ${name['zh-cn']} 的确认还只是计划：在询问客户是否达到期望之前，出现差距也无从弥补。`,
              )
            : msg(
                `Offer ${name.en} was never confirmed: nobody asked the customer whether it met the expectation, so a miss would go unnoticed and unrepaired.`,
                `提议 ${name['zh-cn']} 没有得到确认：没有询问客户是否达到了期望，出现差距也不会被发现和弥补。`,
              ),
          related,
          data: { id: offer.id?.id ?? null },
        });
      }
    }
  },
};
