import { STEP_ORDER, type Span } from '../types.js';
import { loc, type Locale } from '../l10n.js';
import type { Analysis } from '../analysis.js';
import { customerOf } from '../workspace/digest.js';
import { STEP_NAMES } from '../model/steps.js';
import { formatScore } from '../model/scale.js';

/** A code lens: a one-line summary above a call, or a link that runs an editor command. */
export interface LensResult {
  span: Span;
  title: string;
  /** The editor command the lens runs (none: plain text). */
  command?: { id: string; args: unknown[] };
}

/** The command the customer lens runs: the client opens that customer's timeline. */
export const SHOW_TIMELINE_COMMAND = 'mot.showTimeline';

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

/**
 * A lens on the front matter's `customer:` line that opens the customer's
 * timeline; only for a client that can run {@link SHOW_TIMELINE_COMMAND}.
 */
export function customerLens(analysis: Analysis, locale: Locale): LensResult | null {
  if (!analysis.isCallNote) return null;
  const model = analysis.modelAt(0);
  const customer = customerOf(model);
  const fm = model.frontMatter;
  if (!customer || !fm) return null;
  const yaml = analysis.text.slice(fm.span.start, fm.span.end);
  const m = /^[ \t]*customer[ \t]*:/m.exec(yaml);
  if (!m) return null;
  const start = fm.span.start + m.index + m[0].length - m[0].trimStart().length;
  const title = loc(`Show the timeline of ${customer}`, `查看 ${customer} 的时间线`)[locale];
  return { span: { start, end: start + m[0].trimStart().length }, title, command: { id: SHOW_TIMELINE_COMMAND, args: [customer] } };
}
