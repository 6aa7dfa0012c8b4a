import { scaleLinear, scaleUtc } from 'd3-scale';
import { curveMonotoneX, line } from 'd3-shape';
import type { Locale } from '../l10n.js';
import { formatScore, SCALE } from '../model/scale.js';
import { onScale, type ReportCall } from './data.js';
import { escapeHtml } from './escape.js';

/** What the chart needs to link a point to its call. */
export interface ChartOptions {
  locale: Locale;
  /** The address a point opens (its call in the note). */
  href(call: ReportCall): string;
}

const WIDTH = 720;
const HEIGHT = 260;
/** Room for the scale's meanings on the left ("+3 delighted the customer"). */
const MARGIN = { top: 14, right: 48, bottom: 62, left: 210 };
/** The row below the axis where calls with no score sit. */
const NO_SCORE_GAP = 40;
const DAY = 86_400_000;
/** The least room between two date labels (`2026-11-20` at 11 px is about 65 px wide). */
const MIN_TICK_GAP = 80;

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The score trend of one customer as an inline SVG: the −3 … +3 scale
 * labelled with the course's meanings, one point per dated call (a hollow
 * point when no confirmation was given), a line through the scored ones,
 * and calls with no score on a row of their own below the axis. Scales,
 * ticks and the line's path come from d3-scale and d3-shape; no DOM needed.
 */
export function trendChart(calls: readonly ReportCall[], options: ChartOptions): string {
  const dated = calls.filter((c) => c.date !== null);
  if (!dated.length) return '';
  const times = dated.map((c) => Date.parse(`${c.date}T00:00:00Z`));
  let [min, max] = [Math.min(...times), Math.max(...times)];
  // One date (or one day) still needs a width to draw on.
  if (max - min < DAY) [min, max] = [min - 3 * DAY, max + 3 * DAY];
  const x = scaleUtc()
    .domain([new Date(min), new Date(max)])
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .nice();
  const y = scaleLinear()
    .domain([-3, 3])
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const noScoreY = HEIGHT - MARGIN.bottom + NO_SCORE_GAP;
  const zh = options.locale === 'zh-cn';
  // A tenth of a pixel is finer than any screen or printer draws; more digits only make the page bigger.
  const at = (c: ReportCall) => round(x(new Date(`${c.date}T00:00:00Z`)));

  const out: string[] = [];
  const title = zh ? '评分趋势' : 'Score trend';
  out.push(`<svg class="trend" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg">`);
  // Negative moments of truth are the ones that call for repair: their band is tinted.
  out.push(`<rect class="negative-band" x="${MARGIN.left}" y="${y(-0.5)}" width="${WIDTH - MARGIN.left - MARGIN.right}" height="${y(-3) - y(-0.5)}"/>`);
  for (const tick of y.ticks(6)) {
    const meaning = SCALE.get(tick);
    if (!meaning) continue;
    out.push(`<line class="${tick === 0 ? 'zero' : 'grid'}" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(tick)}" y2="${y(tick)}"/>`);
    out.push(`<text class="scale" x="${MARGIN.left - 8}" y="${y(tick)}" dy="0.32em" text-anchor="end">${escapeHtml(`${formatScore(tick)} ${meaning[options.locale]}`)}</text>`);
  }
  // d3 takes the count as a hint and may give more: a date label needs about 80 px, so closer ticks are dropped.
  const ticks: Date[] = [];
  for (const tick of x.ticks(Math.min(5, Math.max(2, dated.length)))) {
    if (!ticks.length || x(tick) - x(ticks[ticks.length - 1]!) >= MIN_TICK_GAP) ticks.push(tick);
  }
  for (const tick of ticks) {
    const px = round(x(tick));
    out.push(`<line class="tick" x1="${px}" x2="${px}" y1="${HEIGHT - MARGIN.bottom}" y2="${HEIGHT - MARGIN.bottom + 5}"/>`);
    out.push(`<text class="date" x="${px}" y="${HEIGHT - MARGIN.bottom + 17}" text-anchor="middle">${tick.toISOString().slice(0, 10)}</text>`);
  }
  const scored = dated.filter((c) => onScale(c.score));
  const path = line<ReportCall>()
    .digits(1)
    .x(at)
    .y((c) => y(c.score!))
    .curve(curveMonotoneX)(scored);
  if (scored.length < dated.length) out.push(`<text class="scale" x="${MARGIN.left - 8}" y="${noScoreY}" dy="0.32em" text-anchor="end">${zh ? '未评分' : 'no score'}</text>`);
  if (path && scored.length > 1) out.push(`<path class="trend-line" d="${path}"/>`);

  for (const c of dated) {
    const scoredPoint = onScale(c.score);
    const cy = scoredPoint ? y(c.score!) : noScoreY;
    const cls = ['point', scoredPoint ? (c.score! < 0 ? 'negative' : c.score! > 0 ? 'positive' : 'neutral') : 'unscored', c.confirmed ? 'confirmed' : 'unconfirmed'].join(' ');
    const what = scoredPoint ? `${formatScore(c.score!)} ${SCALE.get(c.score!)![options.locale]}` : zh ? `未评分${c.scoreRaw ? `（${c.scoreRaw}）` : ''}` : `no score${c.scoreRaw ? ` (${c.scoreRaw})` : ''}`;
    const confirm = c.confirmed ? '' : zh ? ' · 没有确认' : ' · no confirmation';
    const tip = `${c.date} ${c.title}: ${what}${confirm}`;
    out.push(`<a href="${escapeHtml(options.href(c))}"><circle class="${cls}" cx="${at(c)}" cy="${cy}" r="6"><title>${escapeHtml(tip)}</title></circle></a>`);
  }
  out.push('</svg>');
  return out.join('');
}
