import { STEP_ORDER, type Span } from '../types.js';
import { loc, type Locale } from '../l10n.js';
import type { Analysis } from '../analysis.js';
import { STEP_NAMES } from '../model/steps.js';
import { formatScore } from '../model/scale.js';

/** A code lens: a one-line summary above a call. */
export interface LensResult {
  span: Span;
  title: string;
}

/** One lens per call: which steps are present, open offers, score. */
export function codeLenses(analysis: Analysis, locale: Locale): LensResult[] {
  if (!analysis.isCallNote) return [];
  return analysis.calls.map((call) => {
    const present = new Set(call.steps.map((s) => s.kind));
    const steps = STEP_ORDER.map((k) => `${present.has(k) ? '✓' : '✗'} ${loc(STEP_NAMES[k].en, STEP_NAMES[k].zh)[locale]}`).join('  ');
    const open = call.offers.filter((o) => o.open).length;
    const score = call.score !== null ? formatScore(call.score) : null;
    const parts = [
      steps,
      loc(`${open} open offer${open === 1 ? '' : 's'}`, `未确认提议 ${open}`)[locale],
      (score ? loc(`score ${score}`, `评分 ${score}`) : loc('no score', '无评分'))[locale],
    ];
    return { span: call.titleSpan, title: parts.join(' · ') };
  });
}
