import type { Item, Offer } from './model.js';

/**
 * What the items of a call say, decided once: every rule, feature and
 * summary asks these instead of reading checkboxes itself.
 */

/** A confirmation that was given (not only planned). */
export function isDoneConfirmation(item: Pick<Item, 'open'>): boolean {
  return !item.open;
}

/** Whether a done confirmation covers the offer. */
export function isConfirmed(offer: Pick<Offer, 'confirmations'>): boolean {
  return offer.confirmations.some(isDoneConfirmation);
}

/** An offer whose only confirmations are planned ones. */
export function isPlannedOnly(offer: Pick<Offer, 'confirmations'>): boolean {
  return offer.confirmations.length > 0 && !isConfirmed(offer);
}

/** An action still to be done: an open box, or a plain commitment still to keep (`I'll send it by Friday`). */
export function isOpenAction(item: Pick<Item, 'open'>): boolean {
  return item.open;
}

/** An open action whose due date is before `today`. */
export function isOverdue(item: Pick<Item, 'open' | 'due'>, today: string): boolean {
  return isOpenAction(item) && !!item.due?.valid && item.due.date < today;
}

/** A request the offer declines (saying no is an offer too). */
export function isDeclined(offer: Pick<Offer, 'declined'>): boolean {
  return offer.declined;
}

/** How many of the offers no done confirmation covers. */
export function countUnconfirmed(offers: readonly Pick<Offer, 'confirmations'>[]): number {
  let n = 0;
  for (const o of offers) if (!isConfirmed(o)) n++;
  return n;
}
