import { STEP_ORDER, type Span } from '../types.js';
import { loc, type Locale } from '../l10n.js';
import type { Analysis } from '../analysis.js';
import type { Call, Item, Offer } from '../model/model.js';
import { STEP_NAMES } from '../model/steps.js';
import { formatScore, SCALE } from '../model/scale.js';
import { isConfirmed, isDoneConfirmation, isOpenAction, isOverdue } from '../model/predicates.js';
import { EXPECTATION_COACHING, STEP_COACHING, WIN_COACHING } from './coaching.js';
import { targetAt } from './locate.js';

/** A hover: Markdown text and the span it describes. */
export interface HoverResult {
  markdown: string;
  span: Span;
}

/**
 * The coaching hover at `offset`: a step's meaning and checklist, a win or
 * expectation label's definition, a score's place on the scale, an offer's
 * actions and confirmations, or a call's summary.
 */
export function hover(analysis: Analysis, offset: number, locale: Locale, today: string): HoverResult | null {
  if (!analysis.isCallNote) return null;
  const target = targetAt(analysis.modelAt(offset), offset);
  if (!target) return null;
  switch (target.kind) {
    case 'step':
      return { markdown: STEP_COACHING[target.step.kind][locale], span: target.span };
    case 'label': {
      const label = target.item.label!;
      const text = label.kind === 'expectation' ? EXPECTATION_COACHING[label.expectation ?? 'any'][locale] : WIN_COACHING[label.kind][locale];
      return { markdown: text, span: target.span };
    }
    case 'score': {
      const v = target.score.value;
      const meaning = v !== null && Number.isInteger(v) ? SCALE.get(v) : undefined;
      if (!meaning) {
        const off = loc(`Score **${target.score.raw}** is not on the MOT scale (whole numbers −3 … +3).`, `评分 **${target.score.raw}** 不在关键时刻评分表上（应为 −3 到 +3 的整数）。`);
        return { markdown: `${off[locale]}\n\n${scaleTable(locale)}`, span: target.span };
      }
      const moment =
        v! > 0
          ? loc('A positive moment of truth: value was created for the customer.', '正面的关键时刻：为客户创造了价值。')
          : v! < 0
            ? loc('A negative moment of truth: it calls for repair — plan an action to put it right, with a date.', '负面的关键时刻：需要补救——安排一项补救行动，写明日期。')
            : loc('Neutral: the customer had no expectation.', '中立：客户没有期望。');
      return { markdown: `**${formatScore(v!)}** — ${meaning[locale]}\n\n${moment[locale]}\n\n${scaleTable(locale)}`, span: target.span };
    }
    case 'offer-id':
      return { markdown: offerStatus(target.offer, locale, today), span: target.span };
    case 'call':
      return { markdown: callSummary(target.call, locale, today), span: target.span };
  }
}

function scaleTable(locale: Locale): string {
  const head = loc('| Score | Meaning |\n|---|---|', '| 评分 | 含义 |\n|---|---|')[locale];
  return `${head}\n${[...SCALE.entries()].map(([v, m]) => `| ${formatScore(v)} | ${m[locale]} |`).join('\n')}`;
}

function itemState(item: Item, locale: Locale, today: string): string {
  if (isOpenAction(item)) {
    if (isOverdue(item, today)) return loc(`⚠️ overdue (due ${item.due!.date})`, `⚠️ 已逾期（截止 ${item.due!.date}）`)[locale];
    if (item.due?.valid) return loc(`⏳ open, due ${item.due.date}`, `⏳ 未完成，截止 ${item.due.date}`)[locale];
    return loc('⏳ open, no due date', '⏳ 未完成，未写截止日期')[locale];
  }
  return loc('✅ done', '✅ 已完成')[locale];
}

/** An offer's status: its actions and confirmations. */
export function offerStatus(offer: Offer, locale: Locale, today: string): string {
  const t = (en: string, zh: string) => loc(en, zh)[locale];
  const lines = [`**${offer.id?.id ?? t('Offer', '提议')}** — ${offer.text.replace(/^\s*\[?O\d+\]?\s*[:：]?\s*/, '')}`, ''];
  if (offer.declined) lines.push(t('A declined request: say no early, with the reason, so the customer can find help elsewhere.', '婉拒的请求：尽早说“不”，讲清理由，让客户有时间另找办法。'), '');
  lines.push(t('**Actions**', '**行动**'));
  if (offer.actions.length) for (const a of offer.actions) lines.push(`- ${itemState(a, locale, today)}: ${a.text}`);
  else if (offer.declined) lines.push(t('- (none needed for a declined request)', '- （婉拒无需行动）'));
  else lines.push(t('- none — nothing yet records who delivers this, and when', '- 还没有——没写明由谁、何时兑现'));
  lines.push('', t('**Confirmations**', '**确认**'));
  if (offer.confirmations.length) {
    for (const c of offer.confirmations) lines.push(`- ${isDoneConfirmation(c) ? t('✅ confirmed', '✅ 已确认') : t('⏳ planned', '⏳ 计划中')}: ${c.text}`);
  } else lines.push(t('- none — the customer has not been asked whether it met the expectation', '- 还没有——还没问过客户是否达到了期望'));
  lines.push('', isConfirmed(offer) ? t('Status: confirmed.', '状态：已确认。') : t('Status: **not confirmed**.', '状态：**未确认**。'));
  return lines.join('\n');
}

/** A call's summary: which steps are there, offers, open actions, score. */
export function callSummary(call: Call, locale: Locale, today: string): string {
  const name = (k: (typeof STEP_ORDER)[number]) => loc(STEP_NAMES[k].en, STEP_NAMES[k].zh)[locale];
  const present = new Set(call.steps.map((s) => s.kind));
  const steps = STEP_ORDER.map((k) => `${present.has(k) ? '✅' : '❌'} ${name(k)}`).join(' · ');
  const unconfirmed = call.offers.filter((o) => !isConfirmed(o)).length;
  const open = call.actions.filter(isOpenAction);
  const overdue = open.filter((a) => isOverdue(a, today)).length;
  const score = call.scores.find((s) => s.value !== null);
  const meaning = score && SCALE.get(score.value!);
  const scoreText = score ? `${formatScore(score.value!)}${meaning ? ` ${meaning[locale]}` : ''}` : loc('none', '无')[locale];
  return [
    `**${call.title}**`,
    '',
    steps,
    '',
    loc(`- Offers: ${call.offers.length} (${unconfirmed} not confirmed)`, `- 提议：${call.offers.length}（未确认 ${unconfirmed}）`)[locale],
    loc(`- Open actions: ${open.length}${overdue ? ` (${overdue} overdue)` : ''}`, `- 未完成的行动：${open.length}${overdue ? `（逾期 ${overdue}）` : ''}`)[locale],
    loc(`- Score: ${scoreText}`, `- 评分：${scoreText}`)[locale],
  ].join('\n');
}
