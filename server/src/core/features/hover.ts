import { STEP_ORDER, type Locale, type Span } from '../types.js';
import type { Analysis } from '../index.js';
import type { Call, Item, Offer } from '../model/model.js';
import { STEP_NAMES } from '../model/steps.js';
import { formatScore, SCALE } from '../rules/scale.js';
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
  const zh = locale === 'zh-cn';
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
        return {
          markdown: zh ? `评分 **${target.score.raw}** 不在关键时刻评分表上（−3 … +3 的整数）。\n\n${scaleTable(locale)}` : `Score **${target.score.raw}** is not on the MOT scale (whole numbers −3 … +3).\n\n${scaleTable(locale)}`,
          span: target.span,
        };
      }
      const moment = v! > 0 ? (zh ? '正面的关键时刻：为客户创造了价值。' : 'A positive moment of truth: value was created for the customer.') : v! < 0 ? (zh ? '负面的关键时刻：需要补救——安排一项行动去弥补。' : 'A negative moment of truth: it calls for repair — plan an action to put it right.') : zh ? '中立：客户没有期望。' : 'Neutral: the customer had no expectation.';
      return { markdown: `**${formatScore(v!)}** — ${meaning[locale]}\n\n${moment}\n\n${scaleTable(locale)}`, span: target.span };
    }
    case 'offer-id':
      return { markdown: offerStatus(target.offer, locale, today), span: target.span };
    case 'call':
      return { markdown: callSummary(target.call, locale, today), span: target.span };
  }
}

function scaleTable(locale: Locale): string {
  const head = locale === 'zh-cn' ? '| 评分 | 含义 |\n|---|---|' : '| Score | Meaning |\n|---|---|';
  return `${head}\n${[...SCALE.entries()].map(([v, m]) => `| ${formatScore(v)} | ${m[locale]} |`).join('\n')}`;
}

function itemState(item: Item, locale: Locale, today: string): string {
  const zh = locale === 'zh-cn';
  if (item.checked === false) {
    if (item.due?.valid && item.due.date < today) return zh ? `⚠️ 已逾期（截止 ${item.due.date}）` : `⚠️ overdue (due ${item.due.date})`;
    if (item.due?.valid) return zh ? `⏳ 未完成，截止 ${item.due.date}` : `⏳ open, due ${item.due.date}`;
    return zh ? '⏳ 未完成，没有截止日期' : '⏳ open, no due date';
  }
  return zh ? '✅ 已完成' : '✅ done';
}

/** An offer's status: its actions and confirmations. */
export function offerStatus(offer: Offer, locale: Locale, today: string): string {
  const zh = locale === 'zh-cn';
  const title = `**${offer.id?.id ?? (zh ? '提议' : 'Offer')}** — ${offer.text.replace(/^\s*\[?O\d+\]?\s*[:：]?\s*/, '')}`;
  const lines = [title, ''];
  if (offer.declined) lines.push(zh ? '婉拒的请求：尽早说“不”，并说明理由。' : 'A declined request: say no early, with the reason.', '');
  lines.push(zh ? '**行动**' : '**Actions**');
  if (offer.actions.length) for (const a of offer.actions) lines.push(`- ${itemState(a, locale, today)}: ${a.text}`);
  else lines.push(offer.declined ? (zh ? '- （婉拒无需行动）' : '- (none needed for a declined request)') : zh ? '- 无——还没有兑现的计划' : '- none — nothing yet delivers this offer');
  lines.push('', zh ? '**确认**' : '**Confirmations**');
  const done = offer.confirmations.filter((c) => c.checked !== false);
  if (offer.confirmations.length) for (const c of offer.confirmations) lines.push(`- ${c.checked === false ? (zh ? '⏳ 计划中' : '⏳ planned') : zh ? '✅ 已确认' : '✅ confirmed'}: ${c.text}`);
  else lines.push(zh ? '- 无——还没有询问客户是否达到期望' : '- none — the customer has not been asked whether it met the expectation');
  lines.push('', done.length ? (zh ? '状态：已确认。' : 'Status: confirmed.') : zh ? '状态：**未确认**。' : 'Status: **not confirmed**.');
  return lines.join('\n');
}

/** A call's summary: which steps are there, offers, open actions, score. */
export function callSummary(call: Call, locale: Locale, today: string): string {
  const zh = locale === 'zh-cn';
  const present = new Set(call.steps.map((s) => s.kind));
  const steps = STEP_ORDER.map((k) => `${present.has(k) ? '✅' : '❌'} ${zh ? STEP_NAMES[k].zh : STEP_NAMES[k].en}`).join(' · ');
  const unconfirmed = call.offers.filter((o) => !o.confirmations.some((c) => c.checked !== false));
  const open = call.actions.filter((a) => a.checked === false);
  const overdue = open.filter((a) => a.due?.valid && a.due.date < today);
  const score = call.scores.find((s) => s.value !== null);
  const lines = [`**${call.title}**`, '', steps, ''];
  if (zh) {
    lines.push(`- 提议：${call.offers.length}（未确认 ${unconfirmed.length}）`);
    lines.push(`- 未完成的行动：${open.length}${overdue.length ? `（逾期 ${overdue.length}）` : ''}`);
    lines.push(`- 评分：${score ? `${formatScore(score.value!)}${SCALE.get(score.value!) ? ` ${SCALE.get(score.value!)!['zh-cn']}` : ''}` : '无'}`);
  } else {
    lines.push(`- Offers: ${call.offers.length} (${unconfirmed.length} not confirmed)`);
    lines.push(`- Open actions: ${open.length}${overdue.length ? ` (${overdue.length} overdue)` : ''}`);
    lines.push(`- Score: ${score ? `${formatScore(score.value!)}${SCALE.get(score.value!) ? ` ${SCALE.get(score.value!)!.en}` : ''}` : 'none'}`);
  }
  return lines.join('\n');
}
