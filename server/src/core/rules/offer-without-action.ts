import { msg, offerName, defineRule } from './rule.js';

/** An offer (not a declined one) that no action refers to. */
export const offerWithoutAction = defineRule({
  id: 'offer-without-action',
  scope: 'calls',
  defaultSeverity: 'warning',
  summary: msg('An offer, not a declined one, that no action refers to', '提议（婉拒除外）没有任何行动跟进'),
  check({ model }, report) {
    for (const call of model.calls) {
      for (const offer of call.offers) {
        if (offer.declined || offer.actions.length) continue;
        const name = offerName(offer);
        report({
          span: offer.span,
          message: msg(
            `Offer ${name.en} has no action: nothing records doing what was offered, and trust is built by delivering what you promise, the first time and every time.`,
            `提议 ${name['zh-cn']} 没有对应的行动：没有记录去兑现所提议的事，而信任来自每一次都兑现承诺。`,
          ),
          data: { id: offer.id?.id ?? null },
        });
      }
    }
  },
});
