import { STEP_ORDER, type Locale, type Span } from '../types.js';
import type { Analysis } from '../analysis.js';
import { STEP_NAMES } from '../model/steps.js';
import { STEP_COACHING, WIN_COACHING, EXPECTATION_COACHING } from './coaching.js';
import { callAt, stepAt } from './locate.js';

/** A completion proposal. */
export interface CompletionResult {
  label: string;
  /** Text replacing `span`. */
  insertText: string;
  span: Span;
  kind: 'step' | 'label' | 'offer';
  detail: string;
  documentation?: string;
  sortText: string;
}

const LABELS: { en: string; zh: string; doc: 'business' | 'personal' | 'explicit' | 'implicit' | 'none' }[] = [
  { en: 'Business win: ', zh: '企业利益：', doc: 'business' },
  { en: 'Personal win: ', zh: '个人利益：', doc: 'personal' },
  { en: 'Expectation (explicit): ', zh: '客户期望（明显的期望）：', doc: 'explicit' },
  { en: 'Expectation (implicit): ', zh: '客户期望（潜在的期望）：', doc: 'implicit' },
  { en: 'Expectation (none): ', zh: '客户期望（没有期望）：', doc: 'none' },
];

/**
 * Completion at `offset`: step names after a heading's `#`s, Explore labels
 * at the start of an item in an Explore step, offer ids in Action and Confirm
 * items.
 */
export function complete(analysis: Analysis, offset: number, locale: Locale): CompletionResult[] {
  const { text, lines } = analysis;
  const line = lines.lineAt(offset);
  const lineStart = lines.lineStarts[line];
  const before = text.slice(lineStart, offset);
  const zhFirst = locale === 'zh-cn';

  const heading = /^ {0,3}#{1,6}[ \t]+(\S*)$/u.exec(before);
  if (heading) {
    const span = { start: offset - heading[1].length, end: offset };
    return STEP_ORDER.flatMap((kind, i) => {
      const names = zhFirst ? [STEP_NAMES[kind].zh, STEP_NAMES[kind].en] : [STEP_NAMES[kind].en, STEP_NAMES[kind].zh];
      return names.map((name, j) => ({
        label: name,
        insertText: name,
        span,
        kind: 'step' as const,
        detail: zhFirst ? `关键时刻步骤 ${i + 1}/4` : `MOT step ${i + 1} of 4`,
        documentation: STEP_COACHING[kind][locale],
        sortText: `${i}${j}`,
      }));
    });
  }

  const call = callAt(analysis.modelAt(offset), offset);
  const step = call ? stepAt(call, offset) : null;
  const item = /^(\s*(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)(.*)$/u.exec(before);
  if (step?.kind === 'explore' && item && !/[:：]/.test(item[2])) {
    const span = { start: offset - item[2].length, end: offset };
    return LABELS.flatMap((l, i) => {
      const doc = l.doc === 'business' || l.doc === 'personal' ? WIN_COACHING[l.doc][locale] : EXPECTATION_COACHING[l.doc][locale];
      const names = zhFirst ? [l.zh, l.en] : [l.en, l.zh];
      return names.map((name, j) => ({
        label: name.replace(/[:：]\s*$/, ''),
        insertText: name,
        span,
        kind: 'label' as const,
        detail: zhFirst ? '探索标签' : 'Explore label',
        documentation: doc,
        sortText: `${i}${j}`,
      }));
    });
  }

  if (call && step && (step.kind === 'action' || step.kind === 'confirm')) {
    const id = /\[?(O\d*)$/u.exec(before);
    if (id && (item || /^\s*\S/.test(before))) {
      const span = { start: offset - id[1].length, end: offset };
      return call.offers.flatMap((o, i) =>
        o.id
          ? [
              {
                label: o.id.id,
                insertText: o.id.id,
                span,
                kind: 'offer' as const,
                detail: o.text.replace(/^\s*\[?O\d+\]?\s*[:：]?\s*/, ''),
                sortText: String(i).padStart(4, '0'),
              },
            ]
          : [],
      );
    }
  }
  return [];
}
