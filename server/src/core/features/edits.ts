import { STEP_ORDER, type Span, type StepKind } from '../types.js';
import type { Call, NoteModel, Sheet, Step } from '../model/model.js';
import { STEP_NAMES } from '../model/steps.js';
import { parseSection } from '../parse/parseSection.js';

/**
 * Edits that put new Markdown into a note where it lands as meant: a step
 * heading at its place in the call, an item at the end of a step or a
 * record-sheet cell. The rules' fixes are made of these.
 */

/** A text replacement: `span` of the current text becomes `newText`. */
export interface TextEdit {
  span: Span;
  newText: string;
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end)) {
    out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  }
  return out;
}

/** The line break the text uses (LF when it has none). */
export function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
}

/** `date` (YYYY-MM-DD) plus `days`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The number of the next free offer id of a call (`O3` after `O1`, `O2`). */
export function nextOfferId(call: Call): number {
  const ids = call.offers.flatMap((o) => (o.id ? [Number(o.id.id.slice(1))] : []));
  return ids.length ? Math.max(...ids) + 1 : 1;
}

/** Edits that insert a step with `items` into a call at its proper place. */
export function insertStep(text: string, model: NoteModel, call: Call, kind: StepKind, items: string[]): TextEdit[] {
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
export function appendToStep(text: string, model: NoteModel, step: Step, item: string): TextEdit[] {
  const nl = eol(text);
  let limit = step.span.end;
  for (const call of model.calls) {
    for (const s of call.steps) {
      const h = s.heading;
      if (h && h.span.start > step.span.start && h.span.start < limit) limit = h.span.start;
    }
  }
  const last = step.items[step.items.length - 1];
  // The call's score line (`Score: +2`), written after the last step's items,
  // stays last: the new item goes above it, after the items.
  const itemsEnd = last ? last.span.end : step.span.start;
  for (const call of model.calls) {
    for (const score of call.scores) {
      if (score.source === 'line' && score.span.start >= itemsEnd && score.span.start < limit) limit = lineStartAt(text, score.span.start);
    }
  }
  // A step written as paragraph lines (no list items) gets one more line: a
  // list item would turn its lines into plain text that confirms nothing.
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

/** The offset where the line holding `offset` starts. */
function lineStartAt(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return start;
}

/** Whether the item starting at `offset` is a list item (a marker starts its line). */
function isListItem(text: string, offset: number): boolean {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return /^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]/.test(text.slice(start, offset + 1));
}

/** Appends an item to a record-sheet cell, after a `<br>`. */
export function appendToCell(text: string, cellSpan: Span, item: string): TextEdit[] {
  let end = cellSpan.end;
  if (text[end - 1] === '|') end--;
  const inner = text.slice(cellSpan.start, end).replace(/\s+$/, '');
  const at = cellSpan.start + inner.length;
  return [{ span: { start: at, end: at }, newText: `<br>${item}` }];
}

/** The offset just past the line break after `offset` (or the end of the text). */
export function afterLine(text: string, offset: number): number {
  const m = /\r\n|\r|\n/.exec(text.slice(offset));
  return m ? offset + m.index + m[0].length : text.length;
}
