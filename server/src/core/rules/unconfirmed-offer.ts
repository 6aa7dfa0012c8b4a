import { loc } from '../l10n.js';
import type { Call, Offer } from '../model/model.js';
import { isDoneConfirmation } from '../model/predicates.js';
import { appendToCell, appendToStep, insertStep, type TextEdit } from '../features/edits.js';
import { askCustomer } from './missing-step.js';
import { msg, offerName, type RelatedReport, defineRule, type FixContext, type Fix } from './rule.js';

/** An offer that no done confirmation covers. */
export const unconfirmedOffer = defineRule({
  id: 'unconfirmed-offer',
  scope: 'calls',
  defaultSeverity: 'warning',
  summary: msg('An offer (declined ones included) that no done confirmation covers', '提议（包括婉拒）没有任何已完成的确认'),
  check({ model }, report) {
    for (const call of model.calls) {
      const confirm = call.steps.find((s) => s.kind === 'confirm');
      for (const offer of call.offers) {
        if (offer.confirmations.some(isDoneConfirmation)) continue;
        const planned = offer.confirmations.length > 0;
        const name = offerName(offer);
        const related: RelatedReport[] = confirm
          ? [{ span: confirm.titleSpan, message: msg('The Confirm step of this call', '本次互动的“确认”步骤') }]
          : [];
        report({
          span: offer.span,
          message: planned
            ? msg(
                `Offer ${name.en} is only planned to be confirmed, not yet asked: only the customer's answer tells whether it met the expectation, while a miss can still be repaired.`,
                `提议 ${name['zh-cn']} 只安排了回访确认，还没真正问过客户：问过才知道是否达到期望，有差距也还来得及补救。`,
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
  fixes({ finding, text, model }: FixContext) {
    const call = model.calls.find((c) => c.offers.some((o) => o.span.start === finding.span.start));
    const offer = call?.offers.find((o) => o.span.start === finding.span.start);
    if (!call || !offer) return [];
    const out: Fix[] = [];
    const name = offer.id?.id ?? `"${offer.text.slice(0, 30)}"`;
    // Ticking a planned confirmation says the customer answered: offered, never preferred, never applied by "fix all".
    for (const planned of offer.confirmations.filter((c) => !isDoneConfirmation(c) && c.checked === false)) {
      const box = boxBefore(text, planned.span.start);
      if (box !== null) out.push({ title: loc(`Mark ${name} as confirmed`, `将 ${name} 标记为已确认`), edits: [{ span: { start: box, end: box + 1 }, newText: 'x' }] });
    }
    if (!offer.confirmations.length) {
      const edits = plannedConfirmation(text, model, call, offer);
      if (edits.length) out.unshift({ title: loc(`Plan to ask the customer about ${name}`, `安排就 ${name} 询问客户`), edits, isPreferred: true });
    }
    return out;
  },
});

/** Edits that add a planned confirmation of `offer` (an open task to ask the customer) to its call. */
function plannedConfirmation(text: string, model: FixContext['model'], call: Call, offer: Offer): TextEdit[] {
  const zh = call.language === 'zh';
  const item = `${offer.id ? `${offer.id.id} ` : ''}${askCustomer(zh)}`;
  const confirm = call.steps.find((s) => s.kind === 'confirm');
  if (!confirm) return insertStep(text, model, call, 'confirm', [`[ ] ${item}`]);
  // A table cell cannot hold a task box that Markdown renders; the sheet's own form for "to do" is the text.
  if (call.form === 'sheet') return appendToCell(text, confirm.span, `[ ] ${item}`);
  return appendToStep(text, model, confirm, `[ ] ${item}`);
}

/** The offset of the space inside the `[ ]` box just before `itemStart`, or null. */
function boxBefore(text: string, itemStart: number): number | null {
  const m = /\[( )\][ \t]*$/.exec(text.slice(Math.max(0, itemStart - 8), itemStart));
  return m ? itemStart - (m[0].length - 1) : null;
}
