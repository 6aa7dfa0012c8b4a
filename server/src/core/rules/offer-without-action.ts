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
            `Offer ${name.en} has no action yet: nothing says who delivers it, or by when. Trust is built by doing what you said — the first time, and every time.`,
            `提议 ${name['zh-cn']} 还没有对应的行动：没写明由谁、何时兑现。信任来自说到做到——第一次就做到，每次都做到。`,
          ),
          data: { id: offer.id?.id ?? null },
        });
      }
    }
  },
});
