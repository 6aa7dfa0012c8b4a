import type { Span, StepKind } from '../types.js';
import type { SectionSyntax, ListItemSyntax, TableSyntax, CellSyntax, HeadingSyntax, ParagraphSyntax } from '../parse/syntax.js';
import { StepMatcher } from './steps.js';
import { lowerBound } from '../text/sorted.js';
import { isCallMask, stepBit } from './outline.js';
import { blankComments, findOwners, findReferences, matchLabel, matchLabels, matchOfferHead, matchScoreLine, parseScore } from './items.js';
import { findDueDate, firstDate, type DateContext, type DateOrder, type DueKind } from './dates.js';
import { isPlaceholder, type Wording } from './wording.js';
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
  /** How items are read: pending, done and decline words. */
  wording: Wording;
  /** Today (YYYY-MM-DD), for dates without a year when nothing else dates the call. */
  today: string;
  dateOrder: DateOrder;
  /** The note's date: front matter `date`, else a date in the file name, else in its top heading. */
  noteDate: string | null;
}

/** The part of a note's model that one region holds (a top-level call, or the text between two). */
export interface RegionModel {
  calls: Call[];
  /** Open tasks outside calls, and action-table rows that are no call's actions. */
  commitments: Item[];
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

/** A step while the model is built: where it is, and what was found in it. */
interface Slot {
  kind: StepKind;
  titleSpan: Span;
  heading: TreeHeading | null;
  /** From the heading or label to the end of the step's content. */
  span: Span;
  /** Where its content starts (after the heading, or the label). */
  contentStart: number;
  label: boolean;
  /** The call heading it belongs to (-1: the steps at the top of the region). */
  owner: number;
  items: Candidate[];
  lines: Candidate[];
  /** Rows of action tables in it, already items. */
  rows: Item[];
}

/** How the items of one call are read. */
interface ItemEnv {
  wording: Wording;
  dates: DateContext;
}

/**
 * Builds the model of one region of a note (`region`, a stretch of `text`
 * whose syntax is `syntax`, offsets relative to `text`): its calls (heading
 * sections, the steps at the top of a whole-note region, record sheets),
 * their steps (headings or labels) and items, scores, typos and the
 * commitments outside calls. The one model builder: a whole note is one
 * region, a large one many.
 */
export function buildRegionModel(text: string, syntax: SectionSyntax, region: Span, ctx: NoteContext): RegionModel {
  const { matcher, declared } = ctx;
  const model: RegionModel = { calls: [], commitments: [], sheets: [], typos: [] };

  const headings = buildHeadings(syntax.headings, matcher, region.end);
  const ownerOf = headingLocator(headings);

  // Step labels (`**Explore:**`), each under its innermost heading; those under a step heading are items of it.
  const labels: { p: ParagraphSyntax; kind: StepKind; owner: number }[] = [];
  for (const p of syntax.paragraphs) {
    if (!p.label) continue;
    const kind = matcher.match(p.label.name);
    if (!kind) continue;
    const owner = ownerOf(p.start);
    if (owner >= 0 && headings[owner].step) continue;
    labels.push({ p, kind, owner });
  }

  // Children of each heading (index + 1; slot 0 is the top of the region), and the labels directly under it.
  const children: number[][] = Array.from({ length: headings.length + 1 }, () => []);
  for (const h of headings) children[h.parent + 1].push(h.index);
  const labelMask = new Uint8Array(headings.length + 1);
  for (const l of labels) labelMask[l.owner + 1] |= stepBit(l.kind);
  const isCall = children.map((kids, k) => isCallChildren(kids.map((c) => headings[c]), labelMask[k], declared));
  if (!ctx.fileCall) isCall[0] = false;

  // The slots: step headings of calls, and the labels of calls.
  const slots: Slot[] = [];
  const headingSlot = new Int32Array(headings.length).fill(-1);
  for (const h of headings) {
    if (!h.step || !isCall[h.parent + 1]) continue;
    headingSlot[h.index] = slots.length;
    slots.push(newSlot(h.step, h.textSpan, h, { start: h.span.start, end: h.section.end }, h.span.end, false, h.parent));
  }
  const labelSlots: number[] = [];
  const counted = labels.filter((l) => isCall[l.owner + 1]);
  counted.forEach((l, k) => {
    // Up to the next label of the same heading, the next step heading, or the end of that heading's section.
    let end = l.owner >= 0 ? headings[l.owner].section.end : region.end;
    const next = counted.slice(k + 1).find((m) => m.owner === l.owner);
    if (next) end = Math.min(end, next.p.start);
    for (const h of headings) {
      if (h.span.start <= l.p.start) continue;
      if (h.span.start >= end) break;
      if (h.step) {
        end = h.span.start;
        break;
      }
    }
    const nameStart = l.p.start + text.slice(l.p.start, l.p.label!.end).indexOf(l.p.label!.name);
    labelSlots.push(slots.length);
    slots.push(newSlot(l.kind, { start: nameStart, end: nameStart + l.p.label!.name.length }, null, { start: l.p.start, end }, l.p.label!.end, true, l.owner));
  });

  // The step heading (a call's direct step child) each heading's content belongs to.
  const stepOwner = new Int32Array(headings.length).fill(-1);
  for (const h of headings) {
    if (headingSlot[h.index] >= 0) stepOwner[h.index] = headingSlot[h.index];
    else if (h.parent >= 0) stepOwner[h.index] = stepOwner[h.parent];
  }
  const labelStarts = labelSlots.map((k) => slots[k].span.start);
  /** The slot the content at `offset` belongs to, or -1. */
  const slotAt = (offset: number): number => {
    const owner = ownerOf(offset);
    if (owner >= 0 && stepOwner[owner] >= 0) return stepOwner[owner];
    // The innermost label step around it (a later label of a sub-heading starts inside an earlier one).
    for (let k = lowerBound(labelStarts, offset + 1) - 1; k >= 0; k--) {
      const slot = slots[labelSlots[k]];
      if (slot.span.end > offset) return labelSlots[k];
    }
    return -1;
  };

  const sheets = findSheets(text, syntax.tables, matcher, declared);
  const inSheet = (offset: number) => sheets.some((s) => offset >= s.table.start && offset < s.table.end);

  const scoreLines: Score[] = [];
  const openTasks: Candidate[] = [];
  const eligible = stepItems(syntax.items, text);
  for (const item of syntax.items) {
    let raw = blankComments(text.slice(item.textStart, item.textEnd));
    // A score line right under an item is a lazy continuation of it: count it, keep it out of the item.
    const scoreAt = scoreLineIndex(raw, item.textStart, scoreLines);
    if (scoreAt === 0) continue;
    if (scoreAt > 0) raw = raw.slice(0, scoreAt);
    const candidate = { start: item.start, textStart: item.textStart, raw, checked: item.checked };
    const k = slotAt(item.start);
    if (k < 0) {
      if (item.checked === false && !inSheet(item.start)) openTasks.push(candidate);
      continue;
    }
    // Explore labels count in nested items too (`- Wins:` with `- Business win: …` under it).
    if (eligible.has(item) || (slots[k].kind === 'explore' && matchLabel(raw.trimStart(), 0))) slots[k].items.push(candidate);
  }
  const scoreOnly = new Set<number>();
  for (const p of syntax.paragraphs) {
    if (inSheet(p.start)) continue;
    const k = slotAt(p.start);
    let lines = 0;
    let scores = 0;
    const from = p.label && k >= 0 && slots[k].label && slots[k].span.start === p.start ? p.label.end : p.start;
    for (const line of splitLines(text, from, p.end)) {
      const raw = blankComments(line.text);
      if (!/\S/.test(raw)) continue;
      lines++;
      const score = matchScoreLine(raw, line.start);
      if (score) {
        scores++;
        scoreLines.push({ raw: score.raw, value: score.value, span: score.span, source: 'line' });
        continue;
      }
      if (k >= 0) slots[k].lines.push({ start: line.start, textStart: line.start, raw, checked: null });
    }
    if (lines > 0 && scores === lines) scoreOnly.add(p.start);
  }
  for (const h of headings) {
    const score = matchScoreLine(blankComments(text.slice(h.textSpan.start, h.textSpan.end)), h.textSpan.start);
    if (score) scoreLines.push({ raw: score.raw, value: score.value, span: score.span, source: 'line' });
  }
  scoreLines.sort((a, b) => a.span.start - b.span.start);

  // Action tables: rows of a call's Action step are its actions; anywhere else, commitments.
  const noteEnv: ItemEnv = { wording: ctx.wording, dates: { ref: ctx.noteDate, today: ctx.today, order: ctx.dateOrder } };
  const actionTables = syntax.tables.filter((t) => !inSheet(t.start)).map((t) => actionTable(text, t)).filter((t) => t !== null);
  const tableRows: { slot: number; table: ActionTable }[] = [];
  for (const t of actionTables) {
    const k = slotAt(t.table.start);
    if (k >= 0 && slots[k].kind === 'action') tableRows.push({ slot: k, table: t });
    else model.commitments.push(...actionRows(text, t, noteEnv));
  }

  const blocks = syntax.blocks.filter((b) => b.kind === 'content');
  const blockStarts = blocks.map((b) => b.start);
  const publicHeadings = headings.map(publicHeading);

  const makeStep = (k: number, env: ItemEnv): Step => {
    const slot = slots[k];
    const own = slot.items.length ? slot.items : slot.lines;
    const items = own.map((c) => makeItem(c, slot.kind, env)).filter((i): i is Item => i !== null);
    for (const r of tableRows) if (r.slot === k) items.push(...actionRows(text, r.table, env));
    return {
      kind: slot.kind,
      titleSpan: slot.titleSpan,
      heading: slot.heading ? publicHeadings[slot.heading.index] : null,
      ...(slot.label ? { label: true } : {}),
      span: slot.span,
      // Nothing under it but a score line is nothing either.
      empty: !items.length && !hasContentBetween(blocks, blockStarts, slot.contentStart, slot.span.end, slot.label ? slot.span.start : -1, scoreOnly),
      items,
    };
  };
  const envFor = (date: string | null): ItemEnv => ({ wording: ctx.wording, dates: { ref: date, today: ctx.today, order: ctx.dateOrder } });
  const dateOf = (title: string): string | null => firstDate(title, noteEnv.dates)?.date ?? ctx.noteDate;
  const stepsOf = (owner: number, env: ItemEnv): Step[] => {
    const out: number[] = [];
    slots.forEach((s, k) => s.owner === owner && out.push(k));
    out.sort((a, b) => slots[a].span.start - slots[b].span.start);
    return out.map((k) => makeStep(k, env));
  };

  const calls: Call[] = [];
  if (ctx.fileCall && isCall[0]) {
    const env = envFor(ctx.noteDate);
    const steps = stepsOf(-1, env);
    if (steps.length) {
      calls.push(
        finishCall({
          form: 'file',
          title: ctx.fileCall.title,
          titleSpan: steps[0].titleSpan,
          heading: null,
          span: { start: region.start, end: region.end },
          steps,
          language: CJK.test(steps.map((st) => text.slice(st.titleSpan.start, st.titleSpan.end)).join('')) ? 'zh' : noteLanguage(text),
          date: ctx.noteDate,
        }),
      );
    }
  }
  for (const h of headings) {
    if (!isCall[h.index + 1]) continue;
    const title = plainTitle(h.text);
    const date = dateOf(title);
    const steps = stepsOf(h.index, envFor(date));
    calls.push(
      finishCall({
        form: 'heading',
        title,
        titleSpan: h.textSpan,
        heading: publicHeadings[h.index],
        span: { start: h.span.start, end: h.section.end },
        steps,
        language: CJK.test(h.text + steps.map((st) => text.slice(st.titleSpan.start, st.titleSpan.end)).join('')) ? 'zh' : 'en',
        date,
      }),
    );
  }
  for (const sheet of sheets) {
    model.sheets.push(sheet.info);
    for (const call of sheetCalls(text, sheet, (title) => envFor(dateOf(title)), dateOf)) calls.push(finishCall(call));
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

  // Open tasks outside every call are commitments of the note.
  for (const c of openTasks) {
    if (calls.some((call) => call.form !== 'sheet' && c.start >= call.span.start && c.start < call.span.end)) continue;
    const item = makeItem(c, 'action', noteEnv);
    if (item) model.commitments.push(item);
  }
  model.commitments.sort((a, b) => a.span.start - b.span.start);

  model.calls = calls;
  model.typos = findTypos(text, headings, sheets, matcher);
  return model;
}

function newSlot(kind: StepKind, titleSpan: Span, heading: TreeHeading | null, span: Span, contentStart: number, label: boolean, owner: number): Slot {
  return { kind, titleSpan, heading, span, contentStart, label, owner, items: [], lines: [], rows: [] };
}

/** A heading's text as a title: link and image syntax reduced to their words. */
function plainTitle(text: string): string {
  if (!/[[\]!*_`]/.test(text)) return text;
  return detach(
    text
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
      .replace(/(\*\*|__)(.+?)\1/g, '$2')
      .replace(/`([^`]*)`/g, '$1')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/**
 * Whether a content block other than score-only paragraphs starts between
 * `from` and `to` (the block starting at `own`, a label's paragraph, aside).
 */
function hasContentBetween(
  blocks: readonly { start: number; end: number }[],
  starts: number[],
  from: number,
  to: number,
  own: number,
  scoreOnly: Set<number>,
): boolean {
  for (let k = lowerBound(starts, from); k < starts.length && starts[k] < to; k++) {
    if (starts[k] === own || scoreOnly.has(starts[k])) continue;
    return true;
  }
  return false;
}

/** Whether a heading with these direct sub-headings and these labels directly under it is a call. */
function isCallChildren(children: readonly { step: StepKind | null }[], labels: number, declared: boolean): boolean {
  let mask = labels;
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
function makeItem(c: Candidate, kind: StepKind, env: ItemEnv): Item | null {
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
  const refs = findReferences(body, base);
  const due = kind === 'action' ? dueOf(body, base, 'action', env) : null;
  const labels = kind === 'explore' ? matchLabels(body, base) : [];
  const item: Item = {
    span: { start: base, end: base + body.length },
    // A copy: a view of the note would keep its whole version alive as long as the model.
    text: detach(body.replace(/\s+/g, ' ')),
    checked,
    open: isOpen(body, kind, checked, due !== null, env.wording),
    mentions: refs.mentions,
    refs: { implied: refs.implied, all: refs.all, external: refs.external },
    due,
    owners: findOwners(body),
    label: labels[0] ?? null,
    labels,
  };
  if (kind !== 'offer') return item;
  const head = matchOfferHead(body, base);
  const ownId = head.id?.span.start;
  const offer: Offer = {
    ...item,
    mentions: item.mentions.filter((m) => m.span.start !== ownId),
    id: head.id,
    declined: env.wording.isDecline(head.rest),
    actions: [],
    confirmations: [],
  };
  return offer;
}

/** Whether an item is still to come: an action to do, a confirmation only planned. */
function isOpen(body: string, kind: StepKind, checked: boolean | null, hasDue: boolean, wording: Wording): boolean {
  if (checked !== null) return !checked;
  if (kind === 'action') return wording.isOpenPlainAction(body, hasDue);
  if (kind === 'confirm') return isPlaceholder(body) || wording.isPending(body);
  return false;
}

/** The due date of a text at `base`, offsets made absolute. */
function dueOf(body: string, base: number, kind: DueKind, env: ItemEnv): Item['due'] {
  const d = findDueDate(body, kind, env.dates);
  if (!d) return null;
  return { date: d.date, valid: d.valid, span: { start: base + d.span.start, end: base + d.span.end }, ...(d.relative ? { relative: true } : {}), ...(d.ambiguous ? { ambiguous: true } : {}) };
}

interface CallDraft {
  form: Call['form'];
  title: string;
  titleSpan: Span;
  heading: Heading | null;
  span: Span;
  steps: Step[];
  language: 'en' | 'zh';
  date: string | null;
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
  const byId = new Map<string, Offer[]>();
  for (const o of offers) if (o.id) push(byId, o.id.id, o);
  // An item that names no offer: the offers without an id, and a call's only offer whatever its id.
  const unnamed = offers.length === 1 ? offers : offers.filter((o) => !o.id);
  const link = (item: Item, add: (o: Offer) => void) => {
    if (item.refs.all) {
      for (const o of offers) add(o);
      return;
    }
    const ids = [...item.mentions.map((m) => m.id), ...item.refs.implied];
    if (ids.length) {
      for (const id of ids) for (const o of byId.get(id) ?? []) add(o);
    } else if (!item.refs.external.length) {
      for (const o of unnamed) add(o);
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
    date: draft.date,
    ...(draft.sheet ? { sheet: draft.sheet } : {}),
  };
}

interface SheetInfo {
  table: TableSyntax;
  /** `rows`: steps down the first column, a call per column; `columns`: steps across the header, a call per row. */
  orientation: 'rows' | 'columns';
  info: Sheet;
  /** The step rows (or, transposed, columns). */
  stepRows: { kind: StepKind; row: number }[];
  scoreRow: number | null;
  typoRows: number[];
}

function cellText(text: string, cell: CellSyntax): string {
  return blankComments(text.slice(cell.textStart, cell.textEnd)).trim();
}

const bare = (label: string) => label.replace(/[\s*_:：]+$/g, '').replace(/^[\s*_]+/, '');

function findSheets(text: string, tables: TableSyntax[], matcher: StepMatcher, declared: boolean): SheetInfo[] {
  const out: SheetInfo[] = [];
  for (const table of tables) {
    if (table.rows.length < 2 || table.rows[0].cells.length < 2) continue;
    const info = (orientation: SheetInfo['orientation'], stepRows: SheetInfo['stepRows'], scoreRow: number | null, typoRows: number[]): SheetInfo => ({
      table,
      orientation,
      stepRows,
      scoreRow,
      typoRows,
      info: {
        span: { start: table.start, end: table.end },
        headerSpan: { start: table.rows[0].start, end: table.rows[0].end },
        columns: table.rows[0].cells.length,
        delimiter: delimiterRow(text, table.rows[0].end),
        rows:
          orientation === 'columns'
            ? []
            : stepRows.map(({ kind, row }) => {
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
    // Steps down the first column.
    const stepRows: SheetInfo['stepRows'] = [];
    let scoreRow: number | null = null;
    const typoRows: number[] = [];
    for (let r = 1; r < table.rows.length; r++) {
      const first = table.rows[r].cells[0];
      if (!first) continue;
      const label = cellText(text, first);
      const kind = matcher.match(label);
      if (kind) stepRows.push({ kind, row: r });
      else if (SCORE_ROW.test(bare(label))) scoreRow = r;
      else if (matcher.typo(label)) typoRows.push(r);
    }
    const kinds = new Set(stepRows.map((s) => s.kind));
    if (kinds.size >= 2 || (kinds.size >= 1 && declared)) {
      out.push(info('rows', stepRows, scoreRow, typoRows));
      continue;
    }
    // Steps across the header row (two or more), a call per row.
    const stepCols: SheetInfo['stepRows'] = [];
    let scoreCol: number | null = null;
    table.rows[0].cells.forEach((cell, c) => {
      if (c === 0) return;
      const label = cellText(text, cell);
      const kind = matcher.match(label);
      if (kind) stepCols.push({ kind, row: c });
      else if (SCORE_ROW.test(bare(label))) scoreCol = c;
    });
    if (new Set(stepCols.map((s) => s.kind)).size >= 2) out.push(info('columns', stepCols, scoreCol, []));
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

/** The calls of a record sheet: one per column (steps in rows) or per row (steps across the header). */
function sheetCalls(text: string, sheet: SheetInfo, envOf: (title: string) => ItemEnv, dateOf: (title: string) => string | null): CallDraft[] {
  const { table } = sheet;
  const rows = sheet.orientation === 'rows';
  const header = table.rows[0].cells;
  const count = rows ? header.length : table.rows.length;
  // The cell of step `s` (a row, or transposed a column) in call `n`, and that step's label cell.
  const cellOf = (s: number, n: number): CellSyntax | undefined => (rows ? table.rows[s]?.cells[n] : table.rows[n]?.cells[s]);
  const labelOf = (s: number): CellSyntax => (rows ? table.rows[s].cells[0] : header[s]);
  const language = CJK.test(text.slice(table.start, table.rows[0].end) + sheet.stepRows.map((r) => cellText(text, labelOf(r.row))).join('')) ? 'zh' : 'en';
  const drafts: CallDraft[] = [];
  for (let n = 1; n < count; n++) {
    const head = rows ? header[n] : table.rows[n].cells[0];
    if (!head) continue;
    const title = cellText(text, head);
    const titleSpan = title ? trimSpan(text, { start: head.textStart, end: head.textEnd }) : { start: head.start, end: head.end };
    const env = envOf(title);
    const steps: Step[] = [];
    for (const { kind, row } of sheet.stepRows) {
      const cell = cellOf(row, n);
      const label = labelOf(row);
      if (!cell) continue;
      const items = splitCell(text, cell, kind, env);
      if (!items.length) continue; // an empty cell, or one holding only a placeholder, is a missing step
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
      const cell = cellOf(sheet.scoreRow, n);
      const raw = cell ? cellText(text, cell) : '';
      if (cell && raw && !isPlaceholder(raw)) {
        const span = trimSpan(text, { start: cell.textStart, end: cell.textEnd });
        const inner = /^(?:\*\*|__)?/.exec(text.slice(span.start, span.end))![0].length;
        const number = /^[+\-−－＋]?\s?\d+(?:\.\d+)?/u.exec(text.slice(span.start + inner, span.end));
        const rawValue = number ? number[0] : raw.replace(/\*\*|__/g, '').split(/\s/)[0];
        const at = span.start + (number ? inner : 0);
        scores.push({ raw: rawValue, value: parseScore(rawValue), span: { start: at, end: at + rawValue.length }, source: 'sheet' });
      }
    }
    drafts.push({
      form: 'sheet',
      title: title ? plainTitle(detach(title)) : `#${n}`,
      titleSpan,
      heading: null,
      span: rows ? { start: table.start, end: table.end } : { start: table.rows[n].start, end: table.rows[n].end },
      steps,
      language,
      date: dateOf(title),
      scores,
      ...(rows ? { sheet: { sheet: sheet.info, column: n } } : {}),
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

function splitCell(text: string, cell: CellSyntax, kind: StepKind, env: ItemEnv): Item[] {
  const raw = blankComments(text.slice(cell.textStart, cell.textEnd));
  if (isPlaceholder(raw)) return [];
  const items: Item[] = [];
  let last = 0;
  const pieces: { start: number; raw: string }[] = [];
  for (const m of raw.matchAll(CELL_SPLIT)) {
    pieces.push({ start: last, raw: raw.slice(last, m.index) });
    last = m.index + m[0].length;
  }
  pieces.push({ start: last, raw: raw.slice(last) });
  for (const p of pieces) {
    const item = makeItem({ start: cell.textStart + p.start, textStart: cell.textStart + p.start, raw: p.raw, checked: null }, kind, env);
    if (item) items.push(item);
  }
  return items;
}

/** A table with an action column and a due column (FORMAT.md, "Open tasks outside calls"). */
interface ActionTable {
  table: TableSyntax;
  action: number;
  due: number;
  owner: number;
  status: number;
}

const ACTION_HEAD = /^(?:actions?|tasks?|to[ -]?do|action items?|next steps?|行动|待办|事项|任务)$/i;
const DUE_HEAD = /^(?:due|due date|deadline|by|by when|when|截止|截止日期|截止时间|期限|日期)$/i;
const OWNER_HEAD = /^(?:owner|who|responsible|负责人|责任人)$/i;
const STATUS_HEAD = /^(?:status|state|done|状态|进度)$/i;
const DONE_STATUS = /^(?:done|closed|complete|completed|x|✓|✔|✅|完成|已完成|已关闭|关闭|已办)$/i;

function actionTable(text: string, table: TableSyntax): ActionTable | null {
  if (table.rows.length < 2) return null;
  const heads = table.rows[0].cells.map((c) => bare(cellText(text, c)));
  const find = (re: RegExp) => heads.findIndex((h) => re.test(h));
  const action = find(ACTION_HEAD);
  const due = find(DUE_HEAD);
  if (action < 0 || due < 0 || action === due) return null;
  return { table, action, due, owner: find(OWNER_HEAD), status: find(STATUS_HEAD) };
}

/** The rows of an action table as commitments: open unless the status says done. */
function actionRows(text: string, t: ActionTable, env: ItemEnv): Item[] {
  const out: Item[] = [];
  for (const row of t.table.rows.slice(1)) {
    const cell = row.cells[t.action];
    if (!cell) continue;
    const body = blankComments(text.slice(cell.textStart, cell.textEnd)).trim();
    if (!body || isPlaceholder(body)) continue;
    const span = trimSpan(text, { start: cell.textStart, end: cell.textEnd });
    const dueCell = row.cells[t.due];
    const due = dueCell ? dueOf(text.slice(dueCell.textStart, dueCell.textEnd), dueCell.textStart, 'cell', env) : null;
    const status = t.status >= 0 && row.cells[t.status] ? cellText(text, row.cells[t.status]).replace(/\*\*|__/g, '') : '';
    const owner = t.owner >= 0 && row.cells[t.owner] ? cellText(text, row.cells[t.owner]).replace(/^@/, '') : '';
    const refs = findReferences(body, span.start);
    out.push({
      span,
      text: detach(body.replace(/\s+/g, ' ')),
      checked: null,
      open: !DONE_STATUS.test(status.trim()),
      mentions: refs.mentions,
      refs: { implied: refs.implied, all: refs.all, external: refs.external },
      due,
      owners: owner && !isPlaceholder(owner) ? [detach(owner)] : findOwners(body),
      label: null,
      labels: [],
    });
  }
  return out;
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
