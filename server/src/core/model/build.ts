import type { Span, StepKind } from '../types.js';
import type { SectionSyntax, ListItemSyntax, TableSyntax, CellSyntax, HeadingSyntax } from '../parse/syntax.js';
import { StepMatcher } from './steps.js';
import { lowerBound } from '../text/sorted.js';
import { isCallMask, stepBit } from './outline.js';
import {
  blankComments,
  findDue,
  findMentions,
  findOwners,
  matchLabel,
  matchOfferHead,
  matchScoreLine,
  parseScore,
} from './items.js';
import { LIMITS } from '../limits.js';
import { detach } from '../text/detach.js';
import type {
  Call,
  Heading,
  Item,
  Offer,
  Score,
  Sheet,
  Step,
  Typo,
} from './model.js';

/**
 * What a region's meaning depends on besides its own text: the facts of the
 * whole note. Two analyses with equal contexts build equal models of equal
 * regions, which is what lets an unchanged region be reused.
 */
export interface NoteContext {
  matcher: StepMatcher;
  /** Whether the note is a call note by front matter or path: one step then makes a call. */
  declared: boolean;
  /** Set when the region is the whole note and steps at its top make it one call, titled so. */
  fileCall: { title: string } | null;
  /** The front matter's score, given to the region's call when the note has exactly one. */
  frontMatterScore: Score | null;
}

/** The part of a note's model that one region holds (a top-level call, or the text between two). */
export interface RegionModel {
  calls: Call[];
  sheets: Sheet[];
  typos: Typo[];
}

const CJK = /[\u3400-\u9fff]/;
const SCORE_ROW = /^(?:score|mot|mot score|评分|得分|关键时刻评分)$/i;

/** The language a note is written in: Chinese when CJK text appears near its start. */
export function noteLanguage(text: string): 'en' | 'zh' {
  return CJK.test(text.slice(0, LIMITS.languageProbeChars)) ? 'zh' : 'en';
}

/** A list item or paragraph line that may become an item of a step. */
interface Candidate {
  start: number;
  /** Raw text span (comments blanked in `raw`). */
  textStart: number;
  raw: string;
  checked: boolean | null;
}

/**
 * Builds the model of one region of a note (`region`, a stretch of `text`
 * whose syntax is `syntax`, offsets relative to `text`): its calls (heading
 * sections, the steps at the top of a whole-note region, record-sheet
 * columns), their steps and items, scores and typos. The one model builder:
 * a whole note is one region, a large one many.
 */
export function buildRegionModel(text: string, syntax: SectionSyntax, region: Span, ctx: NoteContext): RegionModel {
  const { matcher, declared } = ctx;
  const model: RegionModel = { calls: [], sheets: [], typos: [] };

  const headings = buildHeadings(syntax.headings, matcher, region.end);

  // Children of each heading (index + 1; slot 0 is the top of the region).
  const children: number[][] = Array.from({ length: headings.length + 1 }, () => []);
  for (const h of headings) children[h.parent + 1].push(h.index);
  const isCall = children.map((kids) => isCallChildren(kids.map((k) => headings[k]), declared));
  if (!ctx.fileCall) isCall[0] = false;

  // The step heading (a call's direct step child) each heading's content belongs to.
  const stepOwner = new Int32Array(headings.length).fill(-1);
  for (const h of headings) {
    if (h.step && isCall[h.parent + 1]) stepOwner[h.index] = h.index;
    else if (h.parent >= 0) stepOwner[h.index] = stepOwner[h.parent];
  }

  const sheets = findSheets(text, syntax.tables, matcher, declared);
  const inSheet = (offset: number) => sheets.some((s) => offset >= s.table.start && offset < s.table.end);

  // Items per step heading, in document order.
  const candidates = new Map<number, Candidate[]>();
  const paragraphLines = new Map<number, Candidate[]>();
  const scoreLines: Score[] = [];
  const ownerOf = headingLocator(headings);

  const eligible = stepItems(syntax.items, text);
  for (const item of syntax.items) {
    let raw = blankComments(text.slice(item.textStart, item.textEnd));
    // A score line right under an item is a lazy continuation of it: count it, keep it out of the item.
    const scoreAt = scoreLineIndex(raw, item.textStart, scoreLines);
    if (scoreAt === 0) continue;
    if (scoreAt > 0) raw = raw.slice(0, scoreAt);
    const owner = ownerOf(item.start);
    const step = owner >= 0 ? stepOwner[owner] : -1;
    if (step < 0 || !eligible.has(item)) continue;
    push(candidates, step, { start: item.start, textStart: item.textStart, raw, checked: item.checked });
  }
  for (const p of syntax.paragraphs) {
    if (inSheet(p.start)) continue;
    const owner = ownerOf(p.start);
    const step = owner >= 0 ? stepOwner[owner] : -1;
    for (const line of splitLines(text, p.start, p.end)) {
      const raw = blankComments(line.text);
      const score = matchScoreLine(raw, line.start);
      if (score) {
        scoreLines.push({ raw: score.raw, value: score.value, span: score.span, source: 'line' });
        continue;
      }
      if (step >= 0 && /\S/.test(raw)) push(paragraphLines, step, { start: line.start, textStart: line.start, raw, checked: null });
    }
  }
  for (const h of headings) {
    const score = matchScoreLine(blankComments(text.slice(h.textSpan.start, h.textSpan.end)), h.textSpan.start);
    if (score) scoreLines.push({ raw: score.raw, value: score.value, span: score.span, source: 'line' });
  }
  scoreLines.sort((a, b) => a.span.start - b.span.start);

  const blockStarts = syntax.blocks.filter((b) => b.kind === 'content').map((b) => b.start);
  const publicHeadings = headings.map(publicHeading);

  const makeStep = (h: TreeHeading): Step => {
    const own = candidates.get(h.index) ?? paragraphLines.get(h.index) ?? [];
    const items = own.map((c) => makeItem(c, h.step!)).filter((i): i is Item => i !== null);
    return {
      kind: h.step!,
      titleSpan: h.textSpan,
      heading: publicHeadings[h.index],
      span: { start: h.span.start, end: h.section.end },
      empty: !hasBlockBetween(blockStarts, h.span.end, h.section.end),
      items,
    };
  };

  const calls: Call[] = [];
  const fileCallSteps = children[0].filter((k) => headings[k].step);
  if (ctx.fileCall && isCall[0] && fileCallSteps.length) {
    const first = headings[fileCallSteps[0]];
    calls.push(
      finishCall({
        form: 'file',
        title: ctx.fileCall.title,
        titleSpan: first.textSpan,
        heading: null,
        span: { start: region.start, end: region.end },
        steps: fileCallSteps.map((k) => makeStep(headings[k])),
        language: CJK.test(fileCallSteps.map((k) => headings[k].text).join('')) ? 'zh' : noteLanguage(text),
      }),
    );
  }
  for (const h of headings) {
    if (!isCall[h.index + 1]) continue;
    const stepKids = children[h.index + 1].filter((k) => headings[k].step);
    calls.push(
      finishCall({
        form: 'heading',
        title: h.text,
        titleSpan: h.textSpan,
        heading: publicHeadings[h.index],
        span: { start: h.span.start, end: h.section.end },
        steps: stepKids.map((k) => makeStep(headings[k])),
        language: CJK.test(h.text + stepKids.map((k) => headings[k].text).join('')) ? 'zh' : 'en',
      }),
    );
  }
  for (const sheet of sheets) {
    model.sheets.push(sheet.info);
    for (const call of sheetCalls(text, sheet)) calls.push(finishCall(call));
  }
  calls.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);

  // Each score belongs to the innermost call around it; sheet scores came with their column.
  for (const score of scoreLines) {
    if (inSheet(score.span.start)) continue;
    let best: Call | null = null;
    for (const c of calls) {
      if (c.form === 'sheet' || score.span.start < c.span.start || score.span.start >= c.span.end) continue;
      if (!best || c.span.end - c.span.start <= best.span.end - best.span.start) best = c;
    }
    best?.scores.push(score);
  }
  if (ctx.frontMatterScore && calls.length === 1) calls[0].scores.unshift(ctx.frontMatterScore);

  model.calls = calls;
  model.typos = findTypos(text, headings, sheets, matcher);
  return model;
}

/** Whether a heading with these direct sub-headings is a call. */
function isCallChildren(children: readonly { step: StepKind | null }[], declared: boolean): boolean {
  let mask = 0;
  for (const c of children) mask |= stepBit(c.step);
  return isCallMask(mask, declared);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A heading with its place in the tree, while the model is built. */
export interface TreeHeading extends Heading {
  index: number;
  /** Index of the parent heading, -1 at the top. */
  parent: number;
}

/** The headings with their parents and section ends. */
export function buildHeadings(headings: readonly HeadingSyntax[], matcher: StepMatcher, length: number): TreeHeading[] {
  return buildHeadingTree([{ base: 0, syntax: { headings } }], matcher, length);
}

/** The headings of several sections (offsets relative to each `base`), as one tree. */
export function buildHeadingTree(
  pieces: readonly { base: number; syntax: { headings: readonly HeadingSyntax[] } }[],
  matcher: StepMatcher,
  length: number,
): TreeHeading[] {
  const out: TreeHeading[] = [];
  const stack: TreeHeading[] = [];
  for (const { base, syntax } of pieces) {
    for (const h of syntax.headings) {
      while (stack.length && stack[stack.length - 1].depth >= h.depth) stack.pop()!.section.end = h.start + base;
      const heading: TreeHeading = {
        index: out.length,
        depth: h.depth,
        span: { start: h.start + base, end: h.end + base },
        textSpan: { start: h.textStart + base, end: h.textEnd + base },
        text: h.text,
        section: { start: h.start + base, end: length },
        step: matcher.match(h.text),
        parent: stack.length ? stack[stack.length - 1].index : -1,
      };
      out.push(heading);
      stack.push(heading);
    }
  }
  return out;
}

/** Drops the tree fields, leaving the public heading. */
export function publicHeading(h: TreeHeading): Heading {
  return { depth: h.depth, span: h.span, textSpan: h.textSpan, text: h.text, section: h.section, step: h.step };
}

/** Returns a function giving the index of the last heading starting at or before an offset. */
function headingLocator(headings: Heading[]): (offset: number) => number {
  const starts = headings.map((h) => h.span.start);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

function hasBlockBetween(sortedStarts: number[], from: number, to: number): boolean {
  const k = lowerBound(sortedStarts, from);
  return k < sortedStarts.length && sortedStarts[k] < to;
}

/**
 * The list items that are items of a step: top-level ones, and nested ones
 * whose parent is only a group ("Options:" with sub-items). Nested items
 * under a real item are its details, not items of their own.
 */
function stepItems(items: ListItemSyntax[], text: string): Set<ListItemSyntax> {
  const out = new Set<ListItemSyntax>();
  const stack: { item: ListItemSyntax; group: boolean }[] = [];
  for (const item of items) {
    while (stack.length && stack[stack.length - 1].item.end <= item.start) stack.pop();
    const parent = stack[stack.length - 1];
    const own = blankComments(text.slice(item.textStart, item.textEnd)).trim().replace(/[*_]+$/, '');
    const group = item.hasSubList && (own === '' || /[:：]$/.test(own));
    const eligible = !parent || parent.group;
    if (eligible && !group) out.add(item);
    stack.push({ item, group: eligible && group });
  }
  return out;
}

/**
 * Finds score lines in an item's text and records them; returns the offset
 * (within `raw`) of the first one, or -1.
 */
function scoreLineIndex(raw: string, base: number, scores: Score[]): number {
  let first = -1;
  const re = /[^\r\n]*(?:\r\n|\r|\n)?/g;
  for (let m = re.exec(raw); m && m[0] !== ''; m = re.exec(raw)) {
    const line = m[0].replace(/(?:\r\n|\r|\n)$/, '');
    const score = matchScoreLine(line, base + m.index);
    if (!score) continue;
    scores.push({ raw: score.raw, value: score.value, span: score.span, source: 'line' });
    if (first < 0) first = m.index;
  }
  return first;
}

function splitLines(text: string, start: number, end: number): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = [];
  const re = /[^\r\n]*(?:\r\n|\r|\n)?/g;
  re.lastIndex = start;
  while (re.lastIndex < end) {
    const m = re.exec(text);
    if (!m || m[0] === '') break;
    const lineText = m[0].replace(/(?:\r\n|\r|\n)$/, '');
    out.push({ start: m.index, text: text.slice(m.index, Math.min(m.index + lineText.length, end)) });
  }
  return out;
}

/** Builds an item (an {@link Offer} in the Offer step) from raw text; null when it holds nothing. */
function makeItem(c: Candidate, kind: StepKind): Item | null {
  // Trim white space and a leading table-cell checkbox, keeping offsets exact.
  let raw = c.raw;
  let checked = c.checked;
  let startTrim = raw.length - raw.trimStart().length;
  const box = /^(?:[-*+]\s+)?\[([ xX])\]\s+/.exec(raw.slice(startTrim));
  if (box && checked === null) {
    checked = box[1] !== ' ';
    startTrim += box[0].length;
  }
  raw = raw.slice(0, raw.trimEnd().length);
  if (startTrim >= raw.length) return null;
  const body = raw.slice(startTrim);
  const base = c.textStart + startTrim;
  const item: Item = {
    span: { start: base, end: base + body.length },
    // A copy: a view of the note would keep its whole version alive as long as the model.
    text: detach(body.replace(/\s+/g, ' ')),
    checked,
    mentions: findMentions(body, base),
    due: findDue(body, base),
    owners: findOwners(body),
    label: kind === 'explore' ? matchLabel(body, base) : null,
  };
  if (kind !== 'offer') return item;
  const head = matchOfferHead(body, base);
  const ownId = head.id?.span.start;
  const offer: Offer = {
    ...item,
    mentions: item.mentions.filter((m) => m.span.start !== ownId),
    id: head.id,
    declined: head.declined,
    actions: [],
    confirmations: [],
  };
  return offer;
}

interface CallDraft {
  form: Call['form'];
  title: string;
  titleSpan: Span;
  heading: Heading | null;
  span: Span;
  steps: Step[];
  language: 'en' | 'zh';
  scores?: Score[];
  sheet?: Call['sheet'];
}

/** Turns steps into offers, actions and confirmations and links them. */
function finishCall(draft: CallDraft): Call {
  const offers: Offer[] = [];
  const actions: Item[] = [];
  const confirmations: Item[] = [];
  for (const step of draft.steps) {
    for (const item of step.items) {
      if (step.kind === 'offer') offers.push(item as Offer);
      else if (step.kind === 'action') actions.push(item);
      else if (step.kind === 'confirm') confirmations.push(item);
    }
  }
  const link = (item: Item, add: (o: Offer) => void) => {
    if (item.mentions.length) {
      for (const m of item.mentions) for (const o of offers) if (o.id?.id === m.id) add(o);
    } else {
      for (const o of offers) if (!o.id) add(o);
    }
  };
  for (const a of actions) link(a, (o) => o.actions.includes(a) || o.actions.push(a));
  for (const c of confirmations) link(c, (o) => o.confirmations.includes(c) || o.confirmations.push(c));
  return {
    form: draft.form,
    title: draft.title,
    titleSpan: draft.titleSpan,
    heading: draft.heading,
    span: draft.span,
    steps: draft.steps,
    offers,
    actions,
    confirmations,
    scores: draft.scores ?? [],
    language: draft.language,
    ...(draft.sheet ? { sheet: draft.sheet } : {}),
  };
}

interface SheetInfo {
  table: TableSyntax;
  info: Sheet;
  stepRows: { kind: StepKind; row: number }[];
  scoreRow: number | null;
  typoRows: number[];
}

function cellText(text: string, cell: CellSyntax): string {
  return blankComments(text.slice(cell.textStart, cell.textEnd)).trim();
}

function findSheets(text: string, tables: TableSyntax[], matcher: StepMatcher, declared: boolean): SheetInfo[] {
  const out: SheetInfo[] = [];
  for (const table of tables) {
    if (table.rows.length < 2 || table.rows[0].cells.length < 2) continue;
    const stepRows: SheetInfo['stepRows'] = [];
    let scoreRow: number | null = null;
    const typoRows: number[] = [];
    for (let r = 1; r < table.rows.length; r++) {
      const first = table.rows[r].cells[0];
      if (!first) continue;
      const label = cellText(text, first);
      const kind = matcher.match(label);
      if (kind) stepRows.push({ kind, row: r });
      else if (SCORE_ROW.test(label.replace(/[\s*_:：]+$/g, '').replace(/^[\s*_]+/, ''))) scoreRow = r;
      else if (matcher.typo(label)) typoRows.push(r);
    }
    const kinds = new Set(stepRows.map((s) => s.kind));
    if (kinds.size >= 2 || (kinds.size >= 1 && declared)) {
      out.push({
        table,
        stepRows,
        scoreRow,
        typoRows,
        info: {
          span: { start: table.start, end: table.end },
          headerSpan: { start: table.rows[0].start, end: table.rows[0].end },
          columns: table.rows[0].cells.length,
          delimiter: delimiterRow(text, table.rows[0].end),
          rows: stepRows.map(({ kind, row }) => {
            const cells = table.rows[row].cells;
            return {
              kind,
              labelSpan: { start: cells[0].textStart, end: cells[0].textEnd },
              rowSpan: { start: table.rows[row].start, end: table.rows[row].end },
              cells: cells.map((c) => ({ span: { start: c.start, end: c.end }, textSpan: { start: c.textStart, end: c.textEnd } })),
            };
          }),
        },
      });
    }
  }
  return out;
}

/** The delimiter row that follows the header row ending at `headerEnd`. */
function delimiterRow(text: string, headerEnd: number): Span {
  const m = /(\r\n|\r|\n)([^\r\n]*)/y;
  m.lastIndex = headerEnd;
  const hit = m.exec(text);
  if (!hit) return { start: headerEnd, end: headerEnd };
  const start = headerEnd + hit[1].length;
  return { start, end: start + hit[2].length };
}

const CELL_SPLIT = /<br\s*\/?>|[;；]/gi;

function sheetCalls(text: string, sheet: SheetInfo): CallDraft[] {
  const { table } = sheet;
  const header = table.rows[0].cells;
  const drafts: CallDraft[] = [];
  for (let col = 1; col < header.length; col++) {
    const head = header[col];
    const title = cellText(text, head);
    const titleSpan = title ? trimSpan(text, { start: head.textStart, end: head.textEnd }) : { start: head.start, end: head.end };
    const steps: Step[] = [];
    for (const { kind, row } of sheet.stepRows) {
      const cell = table.rows[row].cells[col];
      const label = table.rows[row].cells[0];
      if (!cell) continue;
      const items = splitCell(text, cell, kind);
      if (!items.length) continue; // an empty cell is a missing step
      steps.push({
        kind,
        titleSpan: { start: label.textStart, end: label.textEnd },
        heading: null,
        span: { start: cell.start, end: cell.end },
        empty: false,
        items,
      });
    }
    const scores: Score[] = [];
    if (sheet.scoreRow !== null) {
      const cell = table.rows[sheet.scoreRow].cells[col];
      const raw = cell ? cellText(text, cell) : '';
      if (cell && raw) {
        const span = trimSpan(text, { start: cell.textStart, end: cell.textEnd });
        const number = /^[+\-−－＋]?\s?\d+(?:\.\d+)?/u.exec(text.slice(span.start, span.end));
        const rawValue = number ? number[0] : raw.split(/\s/)[0];
        scores.push({ raw: rawValue, value: parseScore(rawValue), span: { start: span.start, end: span.start + rawValue.length }, source: 'sheet' });
      }
    }
    drafts.push({
      form: 'sheet',
      title: title ? detach(title) : `#${col}`,
      titleSpan,
      heading: null,
      span: { start: table.start, end: table.end },
      steps,
      language: CJK.test(text.slice(table.start, table.rows[0].end) + sheet.info.rows.map((r) => text.slice(r.labelSpan.start, r.labelSpan.end)).join('')) ? 'zh' : 'en',
      scores,
      sheet: { sheet: sheet.info, column: col },
    });
  }
  return drafts;
}

function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

function splitCell(text: string, cell: CellSyntax, kind: StepKind): Item[] {
  const raw = blankComments(text.slice(cell.textStart, cell.textEnd));
  const items: Item[] = [];
  let last = 0;
  const pieces: { start: number; raw: string }[] = [];
  for (const m of raw.matchAll(CELL_SPLIT)) {
    pieces.push({ start: last, raw: raw.slice(last, m.index) });
    last = m.index + m[0].length;
  }
  pieces.push({ start: last, raw: raw.slice(last) });
  for (const p of pieces) {
    const item = makeItem({ start: cell.textStart + p.start, textStart: cell.textStart + p.start, raw: p.raw, checked: null }, kind);
    if (item) items.push(item);
  }
  return items;
}

function findTypos(text: string, headings: TreeHeading[], sheets: SheetInfo[], matcher: StepMatcher): Typo[] {
  const out: Typo[] = [];
  const add = (span: Span, label: string) => {
    const typo = matcher.typo(label);
    if (!typo) return;
    const lower = text.slice(span.start, span.end).toLowerCase();
    const fixes = typo.words.flatMap(({ word, replacement }) => {
      const at = lower.indexOf(word);
      if (at < 0) return [];
      const original = text.slice(span.start + at, span.start + at + word.length);
      return [{ span: { start: span.start + at, end: span.start + at + word.length }, replacement: matchCase(original, replacement) }];
    });
    out.push({ kind: typo.kind, span, fixes });
  };
  for (const h of headings) if (!h.step) add(h.textSpan, h.text);
  for (const sheet of sheets) {
    for (const row of sheet.typoRows) {
      const cell = sheet.table.rows[row].cells[0];
      add({ start: cell.textStart, end: cell.textEnd }, cellText(text, cell));
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

function matchCase(original: string, replacement: string): string {
  if (original === original.toUpperCase()) return replacement.toUpperCase();
  if (original === original.toLowerCase()) return replacement.toLowerCase();
  return replacement;
}
