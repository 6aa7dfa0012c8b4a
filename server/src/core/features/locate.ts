import type { Span } from '../types.js';
import type { Call, Item, NoteModel, Offer, Score, Step } from '../model/model.js';

/** What sits at an offset of a note. */
export type Target =
  | { kind: 'call'; call: Call; span: Span }
  | { kind: 'step'; call: Call; step: Step; span: Span }
  | { kind: 'label'; call: Call; item: Item; span: Span }
  | { kind: 'offer-id'; call: Call; offer: Offer; span: Span }
  | { kind: 'score'; call: Call; score: Score; span: Span };

const inside = (span: Span, offset: number) => offset >= span.start && offset <= span.end;

/** The innermost call containing `offset` (a record-sheet column only by its own cells and header). */
export function callAt(model: NoteModel, offset: number): Call | null {
  let best: Call | null = null;
  for (const call of model.calls) {
    if (call.form === 'sheet') {
      const own = call.titleSpan.start <= offset && offset <= call.titleSpan.end;
      if (own || call.steps.some((s) => inside(s.span, offset))) return call;
      continue;
    }
    if (offset < call.span.start || offset > call.span.end) continue;
    if (!best || call.span.end - call.span.start <= best.span.end - best.span.start) best = call;
  }
  return best;
}

/** The step of `call` whose content holds `offset`. */
export function stepAt(call: Call, offset: number): Step | null {
  return call.steps.find((s) => inside(s.span, offset)) ?? null;
}

/** Finds the hover-worthy thing at `offset`, most specific first. */
export function targetAt(model: NoteModel, offset: number): Target | null {
  for (const call of model.calls) {
    for (const offer of call.offers) {
      if (offer.id && inside(offer.id.span, offset)) return { kind: 'offer-id', call, offer, span: offer.id.span };
    }
    for (const item of [...call.actions, ...call.confirmations]) {
      for (const m of item.mentions) {
        if (!inside(m.span, offset)) continue;
        const offer = call.offers.find((o) => o.id?.id === m.id);
        if (offer) return { kind: 'offer-id', call, offer, span: m.span };
      }
    }
    for (const score of call.scores) if (inside(score.span, offset)) return { kind: 'score', call, score, span: score.span };
    for (const step of call.steps) {
      for (const item of step.items) if (item.label && inside(item.label.span, offset)) return { kind: 'label', call, item, span: item.label.span };
    }
  }
  for (const call of model.calls) {
    if (call.form !== 'file' && inside(call.titleSpan, offset)) return { kind: 'call', call, span: call.titleSpan };
  }
  for (const call of model.calls) {
    for (const step of call.steps) {
      if (inside(step.titleSpan, offset)) return { kind: 'step', call, step, span: step.titleSpan };
    }
  }
  return null;
}
