import type { Nodes, Root, RootContent, PhrasingContent } from 'mdast';
import type {
  BlockSyntax,
  HeadingSyntax,
  ListItemSyntax,
  SectionSyntax,
  TableSyntax,
} from './syntax.js';
import { appendSyntax, emptySyntax } from './syntax.js';
import { LIMITS } from '../limits.js';
import { fullBodyProcessor, fullProcessor, parserFor } from './processors.js';

const LONG_LINES = new RegExp(`[^\\r\\n]{${LIMITS.longLineChars + 1},}`, 'g');

/** Characters at the start of a long line left alone: list markers, task boxes, heading marks. */
const LINE_PREFIX = 16;

/**
 * micromark's emphasis, strikethrough and link resolution grows much faster
 * than linearly on long lines (a 64k-character line of `*a` takes 20 s), and a
 * hostile note must not freeze the server. The model never uses those inline
 * nodes (item text is read from the source), so in long lines their markers
 * become a letter of the same length: offsets and block structure are kept.
 */
export function tameLongLines(text: string): string {
  if (text.length <= LIMITS.longLineChars) return text;
  return text.replace(LONG_LINES, (line) => line.slice(0, LINE_PREFIX) + line.slice(LINE_PREFIX).replace(/[*_~[\]()]/g, 'x'));
}

/** Matches an HTML node that is only comments (and white space). */
const COMMENT_ONLY = /^(?:\s*<!--[\s\S]*?-->)+\s*$/;

/**
 * Parses one section (or a whole text) with unified + remark-parse + GFM +
 * front matter and extracts what the model needs, offsets relative to `text`.
 */
export function parseSection(text: string): SectionSyntax {
  // remark does not count a leading byte-order mark in its offsets: parse
  // without it and move everything one unit on, so spans match the text.
  if (text.charCodeAt(0) === 0xfeff) return afterByteOrderMark(parseSection(text.slice(1)));
  // Front matter is a block that only the first line can open: its extent is found as
  // remark-frontmatter finds it, and the rest is parsed without that extension, whose
  // constructs every parse would otherwise set up and try at every `-` line.
  if (!text.startsWith('---')) return extract(text, false);
  const fm = frontMatterExtent(text);
  // A `---` first line that opens nothing: remark-frontmatter's failed attempt would change how the
  // next lines parse (every list item of the note becomes paragraph text). Front matter never closed
  // is reported as such (front-matter); the note itself is read as if it were not there.
  if (!fm) return extract(text, false);
  // Blank lines in its place keep every offset; blank lines before the first block change nothing.
  const blanked = text.slice(0, fm.bodyStart).replace(/[^\r\n]/g, ' ') + text.slice(fm.bodyStart);
  const out = extract(blanked, false);
  out.frontMatter = { start: 0, end: fm.end, contentStart: fm.contentStart, value: fm.value };
  return out;
}

/** @internal {@link parseSection} with remark-frontmatter in the parse itself: the reference the tests compare with. */
export function parseSectionWithFrontmatterPlugin(text: string): SectionSyntax {
  if (text.charCodeAt(0) === 0xfeff) return afterByteOrderMark(parseSectionWithFrontmatterPlugin(text.slice(1)));
  // Except front matter never closed, which both read as body text (see parseSection).
  if (text.startsWith('---') && !frontMatterExtent(text)) return extract(text, false, true);
  return extract(text, true, true);
}

/**
 * Where YAML front matter at the start of `text` ends, by the rules of
 * micromark-extension-frontmatter: a `---` line (trailing spaces or tabs
 * allowed) first, and the first later `---` line closes it; without a
 * closing line there is none.
 */
function frontMatterExtent(text: string): { end: number; contentStart: number; bodyStart: number; value: string } | null {
  const open = /^---[ \t]*(?:\r\n|\r|\n)/.exec(text);
  if (!open) return null;
  const contentStart = open[0].length;
  let pos = contentStart;
  for (;;) {
    let lineEnd = pos;
    while (lineEnd < text.length && text.charCodeAt(lineEnd) !== 10 && text.charCodeAt(lineEnd) !== 13) lineEnd++;
    if (/^---[ \t]*$/.test(text.slice(pos, lineEnd))) {
      const eol = text.startsWith('\r\n', lineEnd) ? 2 : lineEnd < text.length ? 1 : 0;
      const valueEnd = pos === contentStart ? contentStart : pos - (text.startsWith('\r\n', pos - 2) ? 2 : 1);
      return { end: lineEnd, contentStart, bodyStart: lineEnd + eol, value: text.slice(contentStart, valueEnd) };
    }
    if (lineEnd >= text.length) return null;
    pos = lineEnd + (text.startsWith('\r\n', lineEnd) ? 2 : 1);
  }
}

/** Parses with remark (+ GFM, + front matter when `frontMatter`) and extracts the syntax; `reference` parses with every GFM construct. */
function extract(text: string, frontMatter: boolean, reference = false): SectionSyntax {
  const tamed = tameLongLines(text);
  const tree = (reference ? (frontMatter ? fullProcessor : fullBodyProcessor) : parserFor(tamed, frontMatter)).parse(tamed) as Root;
  const out = emptySyntax();

  for (const node of tree.children) {
    const start = startOf(node);
    const end = endOf(node);
    if (node.type === 'yaml') {
      const lineBreak = /\r\n|\r|\n/.exec(text.slice(start));
      const contentStart = lineBreak ? start + lineBreak.index + lineBreak[0].length : end;
      out.frontMatter = { start, end, contentStart, value: node.value };
      continue;
    }
    out.blocks.push({ start, end, kind: blockKind(node) });
    walk(node, 0, out, text);
  }

  // The innermost last block: a fence left open in a list item or quote also ends with the section, where
  // a whole-file parse would have ended it with its container one line break earlier.
  let last: Nodes | undefined = tree.children[tree.children.length - 1];
  while (last && (last.type === 'list' || last.type === 'listItem' || last.type === 'blockquote')) last = last.children[last.children.length - 1];
  if (last && !/\S/.test(text.slice(endOf(last)))) out.openAtEnd = isOpenBlock(last as RootContent, text);
  return out;
}

function blockKind(node: RootContent): BlockSyntax['kind'] {
  if (node.type === 'heading') return 'heading';
  if (node.type === 'html' && COMMENT_ONLY.test(node.value)) return 'comment';
  return 'content';
}

function walk(node: Nodes, listLevel: number, out: SectionSyntax, text: string): void {
  switch (node.type) {
    case 'heading': {
      const h = heading(node, text);
      out.headings.push(h);
      collectHtml(node, out);
      return;
    }
    case 'paragraph': {
      const start = startOf(node);
      const label = paragraphLabel(text, start, endOf(node));
      out.paragraphs.push(label ? { start, end: endOf(node), label } : { start, end: endOf(node) });
      collectHtml(node, out);
      return;
    }
    case 'html':
      out.html.push({ start: startOf(node), end: endOf(node), value: node.value });
      return;
    case 'table': {
      const table: TableSyntax = { start: startOf(node), end: endOf(node), rows: [] };
      for (const row of node.children) {
        const cells = row.children.map((cell) => {
          const first = cell.children[0];
          const lastChild = cell.children[cell.children.length - 1];
          let textStart = first ? startOf(first) : startOf(cell);
          let textEnd = lastChild ? endOf(lastChild) : textStart;
          if (first && (!hasPosition(first) || !hasPosition(lastChild))) [textStart, textEnd] = cellContent(text, startOf(cell), endOf(cell));
          collectHtml(cell, out);
          return { start: startOf(cell), end: endOf(cell), textStart, textEnd };
        });
        table.rows.push({ start: startOf(row), end: endOf(row), cells });
      }
      out.tables.push(table);
      return;
    }
    case 'list':
      for (const item of node.children) walk(item, listLevel, out, text);
      return;
    case 'listItem': {
      const first = node.children[0];
      const para = first && first.type === 'paragraph' ? first : null;
      let textStart = para ? startOf(para) : startOf(node);
      // mdast moves a task item's paragraph past its `[x] ` only when plain text follows it; after
      // `[x] *a*`, or a reference that a definition elsewhere resolves, it stays on the box.
      if (para && typeof node.checked === 'boolean' && /^\[[ xX]\]\s/.test(text.slice(textStart, textStart + 4)) && !/\[[ xX]\]\s$/.test(text.slice(textStart - 4, textStart))) {
        textStart += 4;
      }
      const entry: ListItemSyntax = {
        start: startOf(node),
        end: endOf(node),
        level: listLevel,
        checked: node.checked ?? null,
        textStart,
        textEnd: para ? endOf(para) : startOf(node),
        hasSubList: node.children.some((c) => c.type === 'list'),
      };
      out.items.push(entry);
      for (const child of node.children) {
        if (child === para) collectHtml(child, out);
        else if (child.type === 'list') walk(child, listLevel + 1, out, text);
        else walkNested(child, listLevel + 1, out, text);
      }
      return;
    }
    default:
      if ('children' in node) for (const child of node.children) walk(child as Nodes, listLevel, out, text);
  }
}

/**
 * A name and a colon at the start of a paragraph, bold or not: `**Explore:**`,
 * `**Explore**:`, `Offer:`, `**探索：**`. Short names only (a step name with
 * numbering or a remark); a sentence with a colon in it is no label.
 */
const LABEL_AT_START = /^(\*\*|__)?[ \t]*([^*_:：\r\n`]{1,40}?)[ \t]*(?:(\*\*|__)[ \t]*[:：]|[:：][ \t]*(\*\*|__)?)/u;

function paragraphLabel(text: string, start: number, end: number): { name: string; end: number } | undefined {
  const head = text.slice(start, Math.min(end, start + 64));
  const m = LABEL_AT_START.exec(head);
  if (!m || !/\S/.test(m[2])) return undefined;
  // `**Explore:` with no closing marks, or `Explore:**` with no opening ones, reads as a label all the same.
  return { name: m[2].trim(), end: start + m[0].length };
}

/** Content nested in list items: paragraphs there belong to the item, not the step. */
function walkNested(node: Nodes, listLevel: number, out: SectionSyntax, text: string): void {
  if (node.type === 'paragraph') {
    collectHtml(node, out);
    return;
  }
  walk(node, listLevel, out, text);
}

function collectHtml(node: Nodes, out: SectionSyntax): void {
  if (!('children' in node)) return;
  for (const child of node.children as Nodes[]) {
    if (child.type === 'html') out.html.push({ start: startOf(child), end: endOf(child), value: child.value });
    else collectHtml(child, out);
  }
}

function heading(node: Extract<Nodes, { type: 'heading' }>, text: string): HeadingSyntax {
  const isComment = (c: PhrasingContent) => c.type === 'html' && COMMENT_ONLY.test(c.value);
  const visible = node.children.filter((c) => !isComment(c));
  // Comments at either end are trimmed from the span; one in the middle stays covered.
  let lastIndex = node.children.length - 1;
  while (lastIndex >= 0 && isComment(node.children[lastIndex])) lastIndex--;
  let firstIndex = 0;
  while (firstIndex <= lastIndex && isComment(node.children[firstIndex])) firstIndex++;
  let textStart: number;
  let textEnd: number;
  if (firstIndex <= lastIndex && (!hasPosition(node.children[firstIndex]) || !hasPosition(node.children[lastIndex]))) {
    [textStart, textEnd] = headingContent(text, startOf(node), endOf(node));
  } else if (firstIndex <= lastIndex) {
    textStart = startOf(node.children[firstIndex]);
    textEnd = endOf(node.children[lastIndex]);
  } else {
    // An empty heading: point at its marker.
    textStart = startOf(node);
    textEnd = Math.min(endOf(node), textStart + node.depth);
    const raw = text.slice(textStart, endOf(node));
    const marker = /^\s*#+/.exec(raw);
    if (marker) textEnd = textStart + marker[0].length;
  }
  // Trim white space that a text node may carry next to a removed comment.
  while (textEnd > textStart && /\s/.test(text[textEnd - 1])) textEnd--;
  while (textStart < textEnd && /\s/.test(text[textStart])) textStart++;
  if (textEnd <= textStart) {
    // Only (Unicode) white space: point at the marker, so a finding is never empty.
    textStart = startOf(node);
    const marker = /^\s*#+/.exec(text.slice(textStart, endOf(node)));
    textEnd = marker ? textStart + marker[0].length : Math.min(endOf(node), textStart + 1);
    while (textStart < textEnd && /\s/.test(text[textStart])) textStart++;
  }
  return {
    start: startOf(node),
    end: endOf(node),
    depth: node.depth,
    textStart,
    textEnd,
    text: plainText(visible).replace(/\s+/g, ' ').trim(),
  };
}

function plainText(nodes: readonly (PhrasingContent | Nodes)[]): string {
  let s = '';
  for (const n of nodes) {
    if (n.type === 'html') continue;
    // A reference reads as its brackets, as it does when its definition is missing: a heading's text
    // must not depend on a definition elsewhere in the note (sections are parsed one by one).
    if (n.type === 'linkReference') s += `[${plainText(n.children)}]${referenceSuffix(n)}`;
    else if (n.type === 'imageReference') s += `![${n.alt ?? ''}]${referenceSuffix(n)}`;
    else if (n.type === 'footnoteReference') s += `[^${n.label ?? n.identifier}]`;
    // Inline code keeps its backticks: a step word in code (`` ### `Action` ``) names an API, not a step.
    else if (n.type === 'inlineCode') s += `\`${n.value}\``;
    else if ('value' in n && typeof n.value === 'string') s += n.value;
    else if ('children' in n) s += plainText(n.children as Nodes[]);
  }
  return s;
}

function referenceSuffix(n: { referenceType: 'shortcut' | 'collapsed' | 'full'; label?: string | null; identifier: string }): string {
  if (n.referenceType === 'collapsed') return '[]';
  return n.referenceType === 'full' ? `[${n.label ?? n.identifier}]` : '';
}

/** A fenced code or HTML block that the section's end, not its own end marker, closed. */
function isOpenBlock(node: RootContent, text: string): boolean {
  const raw = text.slice(startOf(node), endOf(node));
  if (node.type === 'code') {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(raw);
    if (!open) return false; // indented code cannot swallow a heading
    const lines = raw.split(/\r\n|\r|\n/);
    if (lines.length < 2) return true;
    const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(lines[lines.length - 1]);
    return !(close && close[1][0] === open[1][0] && close[1].length >= open[1].length);
  }
  if (node.type === 'html') {
    const v = raw.trim();
    if (/^<!--/.test(v)) return !v.endsWith('-->');
    if (/^<\?/.test(v)) return !v.endsWith('?>');
    if (/^<!\[CDATA\[/.test(v)) return !v.endsWith(']]>');
    if (/^<![A-Za-z]/.test(v)) return !v.endsWith('>');
    if (/^<(?:script|pre|style|textarea)(?:[\s>]|$)/i.test(v)) return !/<\/(?:script|pre|style|textarea)>$/i.test(v);
    // Kinds 6 and 7 end at a blank line; without one the next heading is swallowed.
    return !/(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)/.test(text.slice(endOf(node)));
  }
  return false;
}

/**
 * Whether a node knows where it is. GFM's autolink literals are found after
 * parsing, by splitting text nodes into new ones that have no position; the
 * spans around them are then read from the source.
 */
function hasPosition(node: { position?: { start: { offset?: number } } }): boolean {
  return node.position?.start.offset !== undefined;
}

/** The content of a table cell: its source without the pipes and the padding. */
function cellContent(text: string, start: number, end: number): [number, number] {
  let a = start;
  let b = end;
  if (text[a] === '|') a++;
  if (b > a && text[b - 1] === '|' && text[b - 2] !== '\\') b--;
  while (a < b && /[ \t]/.test(text[a])) a++;
  while (b > a && /[ \t]/.test(text[b - 1])) b--;
  return [a, b];
}

/** The content of a heading: its source without the `#` marks (or, setext, the underline) and the padding. */
function headingContent(text: string, start: number, end: number): [number, number] {
  const raw = text.slice(start, end);
  const atx = /^ {0,3}#{1,6}(?:[ \t]+|$)/.exec(raw);
  if (atx) {
    const closing = /(?:[ \t]+#+)?[ \t]*$/.exec(raw.slice(atx[0].length));
    return [start + atx[0].length, end - (closing ? closing[0].length : 0)];
  }
  const underline = /(?:\r\n|\r|\n)[ \t]*(?:=+|-+)[ \t]*$/.exec(raw);
  return [start, underline ? start + underline.index : end];
}

function startOf(node: { position?: { start: { offset?: number } } }): number {
  return node.position?.start.offset ?? 0;
}

function endOf(node: { position?: { end: { offset?: number } } }): number {
  return node.position?.end.offset ?? 0;
}

/** The syntax of a text parsed without its byte order mark, moved one unit on to match the text. */
function afterByteOrderMark(s: SectionSyntax): SectionSyntax {
  const out = emptySyntax();
  appendSyntax(out, s, 1);
  out.frontMatter = s.frontMatter ? { ...s.frontMatter, start: s.frontMatter.start + 1, end: s.frontMatter.end + 1, contentStart: s.frontMatter.contentStart + 1 } : null;
  out.openAtEnd = s.openAtEnd;
  return out;
}
