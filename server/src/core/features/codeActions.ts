import { STEP_ORDER, type Locale, type Span, type StepKind } from '../types.js';
import type { Analysis } from '../index.js';
import type { Finding } from '../lint.js';
import type { Call, NoteModel, Offer, Sheet, Step } from '../model/model.js';
import { STEP_NAMES } from '../model/steps.js';
import { parseSection } from '../parse/parseSection.js';
import type { RuleId } from '../ruleIds.js';

/** A text replacement: `span` of the current text becomes `newText`. */
export interface TextEdit {
  span: Span;
  newText: string;
}

/** A code action, ready to be turned into an LSP CodeAction. */
export interface CodeActionResult {
  title: string;
  kind: 'quickfix' | 'source.fixAll';
  edits: TextEdit[];
  /** The findings it resolves. */
  fixes: Finding[];
  isPreferred?: boolean;
}

/** The rules whose fixes are safe to apply without looking (fix-all). */
const SAFE_RULES: ReadonlySet<RuleId> = new Set(['step-typo', 'missing-step']);

/**
 * The quick fixes for the findings that overlap `span`: insert a missing
 * step, add a confirmation, fix a step typo, disable a rule for a line or the
 * file.
 */
export function codeActions(analysis: Analysis, span: Span, options: { locale: Locale; today: string }): CodeActionResult[] {
  if (!analysis.isCallNote) return [];
  const out: CodeActionResult[] = [];
  const hits = analysis.findings.filter((f) => f.span.start <= span.end && span.start <= f.span.end);
  for (const finding of hits) {
    const fix = fixFor(analysis, finding, options);
    if (fix) out.push(fix);
  }
  const seen = new Set<string>();
  for (const finding of hits) {
    const key = `${finding.rule}:${finding.range.start.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(...disableActions(analysis, finding, options.locale));
  }
  return out;
}

/** The fix for one finding, or null when it has none. */
export function fixFor(analysis: Analysis, finding: Finding, options: { locale: Locale; today: string }): CodeActionResult | null {
  const zh = options.locale === 'zh-cn';
  const { text } = analysis;
  const model = analysis.modelAt(finding.span.start);
  const data = finding.data ?? {};
  switch (finding.rule) {
    case 'missing-step': {
      // The finding sits on the call's title.
      const call = model.calls.find(
        (c) => c.titleSpan.start === finding.span.start && c.titleSpan.end === finding.span.end && (data.form === undefined || c.form === data.form),
      );
      const kind = data.step as StepKind;
      if (!call) return null;
      const edits = insertStep(text, model, call, kind, stepSkeleton(call, kind, options.today));
      if (!edits.length) return null;
      const name = call.language === 'zh' ? STEP_NAMES[kind].zh : STEP_NAMES[kind].en;
      return { title: zh ? `插入“${name}”步骤` : `Insert the ${name} step`, kind: 'quickfix', edits, fixes: [finding], isPreferred: true };
    }
    case 'unconfirmed-offer': {
      const call = model.calls.find((c) => c.offers.some((o) => o.span.start === finding.span.start));
      const offer = call?.offers.find((o) => o.span.start === finding.span.start);
      if (!call || !offer) return null;
      const line = confirmationText(call, offer);
      const confirm = call.steps.find((s) => s.kind === 'confirm');
      let edits: TextEdit[];
      if (!confirm) edits = insertStep(text, model, call, 'confirm', [line]);
      else if (call.form === 'sheet') edits = appendToCell(text, confirm.span, line);
      else edits = appendToStep(text, model, confirm, line);
      if (!edits.length) return null;
      const name = offer.id?.id ?? `"${offer.text.slice(0, 30)}"`;
      return { title: zh ? `为 ${name} 添加确认` : `Add a confirmation for ${name}`, kind: 'quickfix', edits, fixes: [finding] };
    }
    case 'step-typo': {
      const fixes = (data.fixes as { span: Span; replacement: string }[]) ?? [];
      if (!fixes.length) return null;
      const to = fixes.map((f) => f.replacement).join(' ');
      return {
        title: zh ? `改为“${to}”` : `Change to "${to}"`,
        kind: 'quickfix',
        edits: fixes.map((f) => ({ span: f.span, newText: f.replacement })),
        fixes: [finding],
        isPreferred: true,
      };
    }
    default:
      return null;
  }
}

/**
 * Applies every safe fix (step typos, missing steps) until none is left and
 * returns the new text, or null when nothing changes. Re-analyses after each
 * fix so that edits never collide.
 */
export function fixAll(text: string, analyzeText: (text: string) => Analysis, options: { locale: Locale; today: string }): string | null {
  let current = text;
  // A fix that does not remove its own finding is skipped, so the loop always ends.
  const skipped = new Set<string>();
  const key = (f: Finding) => `${f.rule}:${f.span.start}:${f.span.end}:${f.messages.en}`;
  for (let round = 0; round < 200; round++) {
    const analysis = analyzeText(current);
    const finding = analysis.findings.find((f) => SAFE_RULES.has(f.rule) && !skipped.has(key(f)) && fixFor(analysis, f, options));
    if (!finding) break;
    const next = applyEdits(current, fixFor(analysis, finding, options)!.edits);
    const after = analyzeText(next);
    const fixed = !after.findings.some((f) => f.rule === finding.rule && f.messages.en === finding.messages.en && f.span.start === finding.span.start);
    if (fixed) current = next;
    else skipped.add(key(finding));
  }
  return current === text ? null : current;
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end)) {
    out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  }
  return out;
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function nextOfferId(call: Call): number {
  const ids = call.offers.flatMap((o) => (o.id ? [Number(o.id.id.slice(1))] : []));
  return ids.length ? Math.max(...ids) + 1 : 1;
}

/** The items a newly inserted step starts with, in the call's language. */
function stepSkeleton(call: Call, kind: StepKind, today: string): string[] {
  const zh = call.language === 'zh';
  const due = addDays(today, 7);
  const live = call.offers.filter((o) => !o.declined);
  switch (kind) {
    case 'explore':
      return zh
        ? ['企业利益：', '个人利益：', '客户期望（明显的期望）：']
        : ['Business win: ', 'Personal win: ', 'Expectation (explicit): '];
    case 'offer': {
      // Actions and confirmations may already name offers: create exactly those.
      const named = [...new Set([...call.actions, ...call.confirmations].flatMap((i) => i.mentions.map((m) => m.id)))];
      const ids = named.length ? named : [`O${nextOfferId(call)}`];
      return ids.map((id) => (zh ? `[${id}] （向客户提出的具体做法）` : `[${id}] (what you propose, and when)`));
    }
    case 'action':
      if (!live.length) return [zh ? `[ ] （要做的事） 截止 ${due}` : `[ ] (what you will do) due ${due}`];
      return live.map((o) => {
        const ref = o.id ? `${o.id.id} ` : '';
        return zh ? `[ ] ${ref}（要做的事） 截止 ${due}` : `[ ] ${ref}(what you will do) due ${due}`;
      });
    case 'confirm': {
      const ask = zh ? '询问：“我们提供的服务是您需要的吗？”' : 'ask: "Did we provide the service you needed?"';
      if (!call.offers.length) return [`[ ] ${ask}`];
      return call.offers.map((o) => `[ ] ${o.id ? `${o.id.id}${zh ? '：' : ': '}` : ''}${ask}`);
    }
  }
}

function confirmationText(call: Call, offer: Offer): string {
  const zh = call.language === 'zh';
  if (offer.id) return zh ? `${offer.id.id}：已与客户确认达到了期望` : `${offer.id.id}: confirmed with the customer that it met the expectation`;
  return zh ? '已与客户确认达到了期望' : 'confirmed with the customer that it met the expectation';
}

/** Edits that insert a step with `items` into a call at its proper place. */
function insertStep(text: string, model: NoteModel, call: Call, kind: StepKind, items: string[]): TextEdit[] {
  if (call.form === 'sheet') return insertSheetStep(text, model, call, kind, items);
  const nl = eol(text);
  const rank = STEP_ORDER.indexOf(kind);
  const headed = call.steps.filter((s) => s.heading !== null);
  const name = call.language === 'zh' ? STEP_NAMES[kind].zh : STEP_NAMES[kind].en;
  const block = (depth: number) => [`${'#'.repeat(depth)} ${name}`, ...items.map((i) => `- ${i}`)].join(nl);
  // The new heading must be a direct child of the call (a top-level heading
  // for a file call). A heading is one when no heading before it in the call
  // is shallower, so going before a later step at its depth, or at the end at
  // the smallest depth in the call, keeps it out of every sub-section.
  const later = headed.find((s) => STEP_ORDER.indexOf(s.kind) > rank);
  if (later) {
    const h = later.heading!;
    // Above a "disable-next-line" comment aimed at the heading, so it keeps its aim.
    const at = beforeNextLineComment(text, model, h.span.start, call.span.start);
    const own = at === h.span.start || /(?:^|[\r\n])[ \t]*$/.test(text.slice(0, at));
    const edit = { span: { start: at, end: at }, newText: own ? `${block(h.depth)}${nl}${nl}` : `${nl}${nl}${block(h.depth)}${nl}` };
    return lands(text, model, edit, own ? 0 : 2 * nl.length, 'heading') ? [edit] : [];
  }
  // By position: on the incremental path the call's heading is a copy, not the same object.
  const inside = model.headings.filter((h) => h.span.start !== call.heading?.span.start && h.span.start >= call.span.start && h.span.start < call.span.end);
  const depth = inside.length ? Math.min(...inside.map((h) => h.depth)) : call.heading ? Math.min(6, call.heading.depth + 1) : 2;
  // After the call's last content, keeping one blank line on either side.
  const end = call.span.end;
  const guarded = beforeNextLineComment(text, model, end, call.span.start);
  const trimmed = text.slice(0, guarded).replace(/\s+$/, '').length;
  const edit =
    guarded < end
      ? { span: { start: trimmed, end: trimmed }, newText: `${nl}${nl}${block(depth)}` }
      : { span: { start: trimmed, end }, newText: `${nl}${nl}${block(depth)}${nl}${end < text.length ? nl : ''}` };
  return lands(text, model, edit, 2 * nl.length, 'heading') ? [edit] : [];
}

/**
 * Where to insert above `at` so that a `mot-disable-next-line` comment on the
 * line just above keeps aiming at the line it was written for: before that
 * comment (when it lies after `floor`), or `at` itself.
 */
function beforeNextLineComment(text: string, model: NoteModel, at: number, floor: number): number {
  for (const s of model.suppressions) {
    if (s.kind !== 'next-line' || s.span.start < floor || s.span.end > at) continue;
    if (/^[ \t]*(?:\r\n|\r|\n)[ \t]*$/.test(text.slice(s.span.end, at))) return s.span.start;
  }
  return at;
}

/**
 * Whether inserted Markdown lands as intended: a heading or list item
 * starting at `mark` in `edit.newText`, or a line continuing a paragraph. An
 * unclosed code block or HTML block before the edit would swallow it, and a
 * heading nested in a list item is no step, so the text around the edit is
 * parsed with the edit applied.
 */
function lands(text: string, model: NoteModel, edit: TextEdit, mark: number, kind: 'heading' | 'item' | 'line'): boolean {
  // Parse from the last ATX heading in column 0 before the edit: such a line
  // closes every list, quote and paragraph, so what precedes it cannot matter.
  let from = 0;
  for (const h of model.headings) {
    const s = h.span.start;
    if (s <= edit.span.start && s > from && text[s] === '#' && (s === 0 || text[s - 1] === '\n' || text[s - 1] === '\r')) from = s;
  }
  if (text.charCodeAt(from) === 0xfeff) from++;
  const prefix = text.slice(from, edit.span.start);
  const syntax = parseSection(prefix + edit.newText);
  const at = prefix.length + mark;
  // A step heading must be a top-level block, not one nested in a list item or quote.
  if (kind === 'heading') return syntax.blocks.some((b) => b.kind === 'heading' && b.start === at);
  if (kind === 'item') return syntax.items.some((i) => i.start === at);
  return syntax.paragraphs.some((p) => p.start < at && at < p.end);
}

function insertSheetStep(text: string, model: NoteModel, call: Call, kind: StepKind, items: string[]): TextEdit[] {
  const sheet: Sheet = call.sheet!.sheet;
  const content = items.join('<br>');
  const column = call.sheet!.column;
  const row = sheet.rows.find((r) => r.kind === kind);
  if (row) {
    const cell = row.cells[column];
    if (!cell) {
      // The row is shorter than the header: add empty cells up to the column.
      const rowText = text.slice(row.rowSpan.start, row.rowSpan.end).replace(/\s+$/, '');
      const at = row.rowSpan.start + rowText.length;
      const missing = column - row.cells.length;
      const closed = rowText.endsWith('|') && !rowText.endsWith('\\|');
      const newText = closed ? `${' |'.repeat(missing)} ${content} |` : `${' |'.repeat(missing + 1)} ${content}`;
      return [{ span: { start: at, end: at }, newText }];
    }
    // Replace the white space of the empty cell, between its pipes.
    const start = cell.span.start + 1;
    let end = cell.span.end;
    if (text[end - 1] === '|' && end - 1 > start) end--;
    return [{ span: { start, end }, newText: ` ${content} ` }];
  }
  const nl = eol(text);
  const rank = STEP_ORDER.indexOf(kind);
  const earlier = sheet.rows.filter((r) => STEP_ORDER.indexOf(r.kind) < rank);
  const after = earlier.length ? earlier[earlier.length - 1].rowSpan.end : sheet.delimiter.end;
  const zh = call.language === 'zh';
  const cells = Array.from({ length: sheet.columns }, (_, i) => (i === 0 ? (zh ? STEP_NAMES[kind].zh : STEP_NAMES[kind].en) : i === column ? content : ''));
  return [{ span: { start: after, end: after }, newText: `${nl}| ${cells.join(' | ')} |` }];
}

/**
 * Appends an item after a heading step's own content: before any heading in
 * its section that is a step of another (nested) call, whose items would not
 * be this step's.
 */
function appendToStep(text: string, model: NoteModel, step: Step, item: string): TextEdit[] {
  const nl = eol(text);
  let limit = step.span.end;
  for (const call of model.calls) {
    for (const s of call.steps) {
      const h = s.heading;
      if (h && h.span.start > step.span.start && h.span.start < limit) limit = h.span.start;
    }
  }
  // A step written as paragraph lines (no list items) gets one more line: a
  // list item would turn its lines into plain text that confirms nothing.
  const last = step.items[step.items.length - 1];
  if (last && !step.items.some((i) => isListItem(text, i.span.start))) {
    let at = last.span.end;
    while (at < text.length && text[at] !== '\n' && text[at] !== '\r') at++;
    const edit = { span: { start: at, end: at }, newText: `${nl}${item}` };
    return lands(text, model, edit, nl.length, 'line') ? [edit] : [];
  }
  const end = text.slice(0, beforeNextLineComment(text, model, limit, step.span.start)).replace(/\s+$/, '').length;
  const edit = { span: { start: end, end }, newText: `${nl}- ${item}` };
  return lands(text, model, edit, nl.length, 'item') ? [edit] : [];
}

/** Whether the item starting at `offset` is a list item (a marker starts its line). */
function isListItem(text: string, offset: number): boolean {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return /^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]/.test(text.slice(start, offset + 1));
}

function appendToCell(text: string, cellSpan: Span, item: string): TextEdit[] {
  let end = cellSpan.end;
  if (text[end - 1] === '|') end--;
  const inner = text.slice(cellSpan.start, end).replace(/\s+$/, '');
  const at = cellSpan.start + inner.length;
  return [{ span: { start: at, end: at }, newText: `<br>${item}` }];
}

/** "Disable this rule for this line / for the file" actions. */
function disableActions(analysis: Analysis, finding: Finding, locale: Locale): CodeActionResult[] {
  const zh = locale === 'zh-cn';
  const { text, lines } = analysis;
  const model = analysis.modelAt(finding.span.start);
  const nl = eol(text);
  const out: CodeActionResult[] = [];
  const line = finding.range.start.line;
  // Nothing goes before a byte order mark: it must stay the first character.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lineStart = Math.max(bom, lines.lineStarts[line]);
  const lineText = text.slice(lineStart, lines.lineEnd(line));
  const inFrontMatter = !!model.frontMatter && finding.span.start < model.frontMatter.span.end;
  const inTable = model.sheets.some((s) => finding.span.start >= s.span.start && finding.span.start < s.span.end) || /^\s*\|/.test(lineText);
  // A comment line may only go where a block starts, or it would split a paragraph.
  const previousBlank = line === 0 || !/\S/.test(text.slice(lines.lineStarts[line - 1], lines.lineEnd(line - 1)));
  const startsBlock = previousBlank || /^\s{0,3}(?:[-*+]|\d+[.)]|#{1,6})(?:\s|$)/.test(lineText);
  if (!inFrontMatter && !inTable && startsBlock) {
    const indent = /^[ \t]*/.exec(lineText)![0];
    out.push({
      title: zh ? `在此行禁用 ${finding.rule}` : `Disable ${finding.rule} for this line`,
      kind: 'quickfix',
      edits: [{ span: { start: lineStart, end: lineStart }, newText: `${indent}<!-- mot-disable-next-line ${finding.rule} -->${nl}` }],
      fixes: [finding],
    });
  }
  const at = model.frontMatter ? afterLine(text, model.frontMatter.span.end) : bom;
  out.push({
    title: zh ? `在整个文件中禁用 ${finding.rule}` : `Disable ${finding.rule} for this file`,
    kind: 'quickfix',
    edits: [{ span: { start: at, end: at }, newText: `<!-- mot-disable-file ${finding.rule} -->${nl}` }],
    fixes: [finding],
  });
  return out;
}

function afterLine(text: string, offset: number): number {
  const m = /\r\n|\r|\n/.exec(text.slice(offset));
  return m ? offset + m.index + m[0].length : text.length;
}
