import type { Span, StepKind } from '../types.js';
import { loc, type Locale } from '../l10n.js';
import type { Analysis } from '../analysis.js';
import { STEP_NAMES } from '../model/steps.js';

/** A symbol of the outline: calls, their steps, and the offers of Offer steps. */
export interface SymbolResult {
  name: string;
  detail: string;
  kind: 'call' | 'step' | 'offer';
  span: Span;
  selectionSpan: Span;
  children: SymbolResult[];
}

/** The outline of a note: calls → steps → offers. */
export function documentSymbols(analysis: Analysis, locale: Locale): SymbolResult[] {
  if (!analysis.isCallNote) return [];
  return analysis.calls.map((call) => ({
    name: call.title || loc('Call', '互动')[locale],
    detail: call.form === 'sheet' ? loc('record sheet', '记录表')[locale] : '',
    kind: 'call' as const,
    span: call.span,
    selectionSpan: call.titleSpan,
    children: call.steps.map((step) => ({
      name: stepLabel(step.kind, call.language),
      detail: `${step.items}`,
      kind: 'step' as const,
      span: step.span.start <= step.titleSpan.start ? step.span : { start: step.titleSpan.start, end: step.span.end },
      selectionSpan: step.titleSpan,
      children:
        step.kind === 'offer'
          ? call.offers
              .filter((o) => o.span.start >= step.span.start && o.span.end <= step.span.end)
              .map((o) => ({
                name: o.id?.id ?? (o.text.length > 40 ? `${o.text.slice(0, 39)}…` : o.text),
                detail: o.id ? o.text.replace(/^\s*\[?O\d+\]?\s*[:：]?\s*/, '') : '',
                kind: 'offer' as const,
                span: o.span,
                selectionSpan: o.id?.span ?? o.span,
                children: [],
              }))
          : [],
    })),
  }));
}

function stepLabel(kind: StepKind, language: 'en' | 'zh'): string {
  return language === 'zh' ? STEP_NAMES[kind].zh : STEP_NAMES[kind].en;
}
