import type { Locale } from '../l10n.js';
import { formatScore } from '../model/scale.js';
import { STEP_ORDER } from '../types.js';
import type { FollowUp } from '../workspace/followups.js';
import { trendChart } from './chart.js';
import type { CallRef, CustomerReport, ReportCall, ReportData } from './data.js';
import { escapeHtml as h } from './escape.js';
import { customerFigures, percent, periodText, STEP_SHORT, T, undatedText } from './texts.js';

/** How the HTML is rendered for its reader. */
export interface HtmlOptions {
  locale: Locale;
  /** The address that opens a note at a line: a relative path in a file, a command in VS Code. */
  link(file: string, line: number): string;
  /** The title of the page; the report's own by default. */
  title?: string;
  /** How a note's place is written in the tables (a workspace path for a URI); the file as given by default. */
  fileLabel?(file: string): string;
  /**
   * One customer's timeline (the editor's panel): its own figures, chart and
   * calls come first, under the page's title, instead of the report's figures.
   */
  timeline?: boolean;
}

/** A report as parts, so that an editor can wrap them in a page of its own (its CSP, its nonce). */
export interface HtmlParts {
  title: string;
  /** The style sheet (without `<style>`). */
  style: string;
  /** What goes in `<body>`. */
  body: string;
}

/**
 * The style of the report. Colours are VS Code's theme variables where a
 * webview has them, with print-friendly fallbacks for the file on its own.
 */
export const REPORT_CSS = `
:root { color-scheme: light dark; }
body { font-family: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif);
  color: var(--vscode-foreground, #1f2328); background: var(--vscode-editor-background, #ffffff); margin: 24px; line-height: 1.45; font-size: 14px; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { font-size: 1.25em; margin: 28px 0 6px; border-bottom: 1px solid var(--vscode-panel-border, #d0d7de); padding-bottom: 4px; }
h3 { font-size: 1.05em; margin: 18px 0 6px; }
.period { color: var(--vscode-descriptionForeground, #59636e); margin: 0 0 16px; }
.figures { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0 16px; padding: 0; list-style: none; }
.figures li { border: 1px solid var(--vscode-panel-border, #d0d7de); border-radius: 6px; padding: 6px 12px; min-width: 110px; }
.figures b { display: block; font-size: 1.35em; }
.figures .bad b { color: var(--vscode-errorForeground, #b42318); }
table { border-collapse: collapse; margin: 6px 0 12px; min-width: 60%; }
th, td { border: 1px solid var(--vscode-panel-border, #d0d7de); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: var(--vscode-editorWidget-background, #f6f8fa); font-weight: 600; }
td:first-child { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.missing { color: var(--vscode-errorForeground, #b42318); }
.muted { color: var(--vscode-descriptionForeground, #59636e); }
a { color: var(--vscode-textLink-foreground, #0969da); text-decoration: none; } a:hover { text-decoration: underline; }
/* Narrow panels scroll the chart rather than shrink its labels below reading size. */
.chart { overflow-x: auto; }
svg.trend { max-width: 100%; min-width: 560px; height: auto; display: block; margin: 6px 0; }
svg.trend text { font-size: 11px; fill: var(--vscode-foreground, #1f2328); }
svg.trend text.scale { fill: var(--vscode-descriptionForeground, #59636e); }
svg.trend .grid { stroke: var(--vscode-panel-border, #d8dee4); stroke-width: 1; }
svg.trend .zero { stroke: var(--vscode-foreground, #59636e); stroke-width: 1; stroke-dasharray: 4 3; }
svg.trend .tick { stroke: var(--vscode-foreground, #59636e); }
svg.trend .negative-band { fill: #d1242f; fill-opacity: 0.08; }
svg.trend .trend-line { fill: none; stroke: var(--vscode-charts-blue, #0969da); stroke-width: 2; }
svg.trend .point { stroke-width: 2.5; }
svg.trend .positive { fill: var(--vscode-charts-green, #1a7f37); stroke: var(--vscode-charts-green, #1a7f37); }
svg.trend .neutral { fill: var(--vscode-charts-blue, #0969da); stroke: var(--vscode-charts-blue, #0969da); }
svg.trend .negative { fill: var(--vscode-charts-red, #d1242f); stroke: var(--vscode-charts-red, #d1242f); }
svg.trend .unscored { fill: var(--vscode-descriptionForeground, #8c959f); stroke: var(--vscode-descriptionForeground, #8c959f); }
svg.trend .unconfirmed { fill: var(--vscode-editor-background, #ffffff); }
.key { font-size: 0.9em; }
section.customer { break-inside: avoid-page; }
@media print { body { margin: 0; font-size: 11pt; } .chart { overflow: visible; } svg.trend { min-width: 0; } a { color: inherit; } section.customer { break-before: auto; } }
`;

/** The report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched. */
export function renderHtml(data: ReportData, options: HtmlOptions): string {
  const parts = renderHtmlParts(data, options);
  const lang = options.locale === 'zh-cn' ? 'zh-CN' : 'en';
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(parts.title)}</title>
<style>${parts.style}</style>
</head>
<body>
${parts.body}
</body>
</html>
`;
}

/** The report's title, style and body. */
export function renderHtmlParts(data: ReportData, options: HtmlOptions): HtmlParts {
  const { locale } = options;
  const t = (k: keyof typeof T) => T[k][locale];
  const title = options.title ?? (data.since || data.until ? t('digestTitle') : t('title'));
  const out: string[] = [];
  out.push(`<h1>${h(title)}</h1>`, `<p class="period">${h(periodText(data, locale))}</p>`);
  const timeline = options.timeline === true && data.customers.length === 1 ? data.customers[0]! : null;
  // A timeline is read for its trend: the customer's own figures and chart come first, instead of the report's figures.
  if (!timeline) out.push(figures(data, locale));
  if (!data.totals.calls) out.push(`<p>${h(t(data.since !== null || data.until !== null ? 'noCallsInPeriod' : 'noCalls'))}</p>`);
  if (timeline) out.push(customerSection(timeline, options, false));

  out.push(`<h2>${h(t('callsWithoutConfirm'))}</h2>`, callList(data.callsWithoutConfirm, options));
  out.push(`<h2>${h(t('unconfirmedOffers'))}</h2>`, followUpTable(data.unconfirmedOffers, options, false));
  out.push(`<h2>${h(t('overdueByOwner'))}</h2>`, followUpTable(data.overdueActions, options, true));
  out.push(`<h2>${h(t('negativeNoRepair'))}</h2>`, callList(data.negativeWithoutRepair, options));
  out.push(`<h2>${h(t('owners'))}</h2>`, ownerTable(data, locale));
  if (!timeline) for (const customer of data.customers) out.push(customerSection(customer, options));
  return { title, style: REPORT_CSS, body: out.join('\n') };
}

function figures(data: ReportData, locale: Locale): string {
  const t = (k: keyof typeof T) => T[k][locale];
  const n = data.totals;
  const items: [string, string, boolean][] = [
    [t('customers'), String(n.customers), false],
    [t('calls'), String(n.calls), false],
    [t('withConfirm'), `${percent(n.confirmShare)} (${n.callsWithConfirm}/${n.calls})`, n.calls > n.callsWithConfirm],
    [t('openActions'), String(n.openActions), false],
    [t('overdue'), String(n.overdueActions), n.overdueActions > 0],
    [t('unconfirmedOffers'), String(n.unconfirmedOffers), n.unconfirmedOffers > 0],
    [t('negativeNoRepair'), String(n.negativeWithoutRepair), n.negativeWithoutRepair > 0],
  ];
  return `<ul class="figures">${items.map(([label, value, bad]) => `<li${bad ? ' class="bad"' : ''}><b>${h(value)}</b>${h(label)}</li>`).join('')}</ul>`;
}

/** A customer's name as the reports show it. */
export function customerName(c: Pick<CustomerReport, 'customer' | 'folder'>, locale: Locale): string {
  if (c.customer !== null) return c.customer;
  return c.folder ? `${T.noCustomer[locale]}: ${c.folder}` : T.noCustomer[locale];
}

function callLink(c: CallRef, options: HtmlOptions): string {
  return `<a href="${h(options.link(c.file, c.line))}">${h(c.title)}</a>`;
}

function callList(calls: readonly CallRef[], options: HtmlOptions): string {
  if (!calls.length) return `<p class="muted">${h(T.none[options.locale])}</p>`;
  const t = (k: keyof typeof T) => T[k][options.locale];
  const rows = calls.map((c) => `<tr><td>${h(c.date ?? t('noDate'))}</td><td>${h(c.customer ?? '—')}</td><td>${callLink(c, options)}</td></tr>`);
  return `<table><thead><tr><th>${h(t('date'))}</th><th>${h(t('customer'))}</th><th>${h(t('call'))}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function followUpTable(items: readonly FollowUp[], options: HtmlOptions, byOwner: boolean): string {
  const t = (k: keyof typeof T) => T[k][options.locale];
  if (!items.length) return `<p class="muted">${h(t('none'))}</p>`;
  const head = byOwner ? [t('owner'), t('due'), t('what'), t('customer'), t('where')] : [t('date'), t('what'), t('customer'), t('where')];
  const rows = items.map((f) => {
    const what = `${f.id && !byOwner ? `${f.id} ` : ''}${f.text}`;
    const where = `<a href="${h(options.link(f.file, f.line))}">${h(`${options.fileLabel ? options.fileLabel(f.file) : f.file}:${f.line}`)}</a>`;
    const cells = byOwner ? [h(f.owner ?? t('nobody')), h(f.due ?? '—'), h(what), h(f.customer ?? '—'), where] : [h(f.callDate ?? t('noDate')), h(what), h(f.customer ?? '—'), where];
    return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  return `<table><thead><tr>${head.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function ownerTable(data: ReportData, locale: Locale): string {
  const t = (k: keyof typeof T) => T[k][locale];
  if (!data.owners.length) return `<p class="muted">${h(t('none'))}</p>`;
  const rows = data.owners.map((o) => `<tr><td>${h(o.owner ?? t('nobody'))}</td><td class="num">${o.open}</td><td class="num${o.overdue ? ' missing' : ''}">${o.overdue}</td></tr>`);
  return `<table><thead><tr><th>${h(t('owner'))}</th><th>${h(t('openActions'))}</th><th>${h(t('overdue'))}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function scoreCell(c: ReportCall, locale: Locale): string {
  if (c.score !== null) return `<td class="num${c.score < 0 ? ' missing' : ''}">${formatScore(c.score)}</td>`;
  const raw = c.scoreRaw ? ` (${c.scoreRaw})` : '';
  return `<td class="num muted">${h(T.noScore[locale] + raw)}</td>`;
}

function stepsCell(c: ReportCall, locale: Locale): string {
  const parts = STEP_ORDER.map((k) => {
    const has = c.steps.includes(k) && (k !== 'confirm' || c.confirmed);
    return has ? h(STEP_SHORT[k][locale]) : `<s class="missing">${h(STEP_SHORT[k][locale])}</s>`;
  });
  return `<td>${parts.join(' ')}</td>`;
}

/** One customer: figures, the score trend, and every call; `named` false leaves the name to the page's title. */
export function customerSection(c: CustomerReport, options: HtmlOptions, named = true): string {
  const { locale } = options;
  const t = (k: keyof typeof T) => T[k][locale];
  const out: string[] = [`<section class="customer">`, named ? `<h2>${h(customerName(c, locale))}</h2>` : `<h2>${h(t('scoreTrend'))}</h2>`];
  out.push(`<p class="muted">${h(customerFigures(c, locale))}</p>`);
  const chart = trendChart(c.calls, { locale, href: (call) => options.link(call.file, call.line) });
  if (chart) out.push(`<div class="chart">${chart}</div>`, `<p class="key muted">${h(t('chartKey'))}</p>`);
  const undated = c.calls.filter((k) => k.date === null).length;
  if (undated) out.push(`<p class="key muted">${h(undatedText(undated, locale))}</p>`);
  const head = [t('date'), t('call'), t('score'), t('steps'), t('unconfirmedOffers'), t('openActions'), t('overdue')];
  const rows = c.calls.map(
    (k) =>
      `<tr><td>${h(k.date ?? t('noDate'))}</td><td>${callLink(k, options)}</td>${scoreCell(k, locale)}${stepsCell(k, locale)}<td class="num">${k.unconfirmedOffers}</td><td class="num">${k.openActions}</td><td class="num${k.overdueActions ? ' missing' : ''}">${k.overdueActions}</td></tr>`,
  );
  out.push(`<table><thead><tr>${head.map((x) => `<th>${h(x)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`, '</section>');
  return out.join('\n');
}
