import { STEP_ORDER, type Locale, type Span } from '../types.js';
import type { Analysis } from '../index.js';
import { STEP_NAMES } from '../model/steps.js';
import { formatScore } from '../rules/scale.js';

/** A code lens: a one-line summary above a call. */
export interface LensResult {
  span: Span;
  title: string;
}

/** One lens per call: which steps are present, open offers, score. */
export function codeLenses(analysis: Analysis, locale: Locale): LensResult[] {
  if (!analysis.isCallNote) return [];
  const zh = locale === 'zh-cn';
  return analysis.calls.map((call) => {
    const present = new Set(call.steps.map((s) => s.kind));
    const steps = STEP_ORDER.map((k) => `${present.has(k) ? '✓' : '✗'} ${zh ? STEP_NAMES[k].zh : STEP_NAMES[k].en}`).join('  ');
    const open = call.offers.filter((o) => o.open).length;
    const parts = [
      steps,
      zh ? `未确认提议 ${open}` : `${open} open offer${open === 1 ? '' : 's'}`,
      call.score !== null ? (zh ? `评分 ${formatScore(call.score)}` : `score ${formatScore(call.score)}`) : zh ? '无评分' : 'no score',
    ];
    return { span: call.titleSpan, title: parts.join(' · ') };
  });
}

/** Offers not yet covered by a done confirmation. */
export function openOffers(offers: { confirmations: { checked: boolean | null }[] }[]): number {
  return offers.filter((o) => !o.confirmations.some((c) => c.checked !== false)).length;
}
