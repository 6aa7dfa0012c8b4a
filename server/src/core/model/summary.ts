import { moveSpan, type Span, type StepKind } from '../types.js';
import type { Call } from './model.js';
import { isConfirmed } from './predicates.js';

/**
 * What the outline, folding and code lenses show of a call: a few spans and
 * counts. Kept for every call of a large note, where the full models are
 * kept only near where the user works (they are ten times the size).
 */
export interface CallSummary {
  form: Call['form'];
  title: string;
  titleSpan: Span;
  span: Span;
  language: Call['language'];
  steps: { kind: StepKind; span: Span; titleSpan: Span; items: number }[];
  offers: { id: { id: string; span: Span } | null; text: string; span: Span; open: boolean }[];
  /** The first whole-number score, if any. */
  score: number | null;
}

/** The summary of a call. */
export function summarizeCall(call: Call): CallSummary {
  const score = call.scores.find((s) => s.value !== null && Number.isInteger(s.value));
  return {
    form: call.form,
    title: call.title,
    titleSpan: call.titleSpan,
    span: call.span,
    language: call.language,
    steps: call.steps.map((s) => ({ kind: s.kind, span: s.span, titleSpan: s.titleSpan, items: s.items.length })),
    offers: call.offers.map((o) => ({
      id: o.id,
      text: o.text,
      span: o.span,
      open: !isConfirmed(o),
    })),
    score: score?.value ?? null,
  };
}

/** A summary moved by `delta` (between a region's offsets and the note's). */
export function moveSummary(s: CallSummary, delta: number): CallSummary {
  if (delta === 0) return s;
  return {
    ...s,
    titleSpan: moveSpan(s.titleSpan, delta),
    span: moveSpan(s.span, delta),
    steps: s.steps.map((st) => ({ ...st, span: moveSpan(st.span, delta), titleSpan: moveSpan(st.titleSpan, delta) })),
    offers: s.offers.map((o) => ({ ...o, span: moveSpan(o.span, delta), id: o.id && { id: o.id.id, span: moveSpan(o.id.span, delta) } })),
  };
}
