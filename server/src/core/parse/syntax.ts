/**
 * What the model needs from the Markdown syntax tree of one section, with
 * offsets relative to the section's start. Keeping only this (and not the
 * tree) is what keeps memory flat on large notes.
 */

/** A heading: `textStart`/`textEnd` bound its visible text, HTML comments excluded. */
export interface HeadingSyntax {
  start: number;
  end: number;
  depth: number;
  textStart: number;
  textEnd: number;
  /** Plain text, inline markup and HTML comments removed. */
  text: string;
}

/** A list item; its text is its first paragraph. */
export interface ListItemSyntax {
  start: number;
  end: number;
  /** Nesting level, 0 for a top-level list. */
  level: number;
  /** `true`/`false` for task items, `null` for plain items. */
  checked: boolean | null;
  /** Span of the first paragraph (after marker and checkbox); empty when none. */
  textStart: number;
  textEnd: number;
  /** Whether the item holds a nested list. */
  hasSubList: boolean;
}

/** A paragraph that is not inside a list item or table. */
export interface ParagraphSyntax {
  start: number;
  end: number;
  /**
   * What may be a step label at its start (`**Explore:**`, `Offer:`,
   * `**探索：**`): the name, and where the label (colon and bold marks
   * included) ends. Whether the name is a step is the model's question.
   */
  label?: { name: string; end: number };
}

/** A table cell: `textStart`/`textEnd` bound its content without pipes and padding. */
export interface CellSyntax {
  start: number;
  end: number;
  textStart: number;
  textEnd: number;
}

/** A GFM table, header row first. */
export interface TableSyntax {
  start: number;
  end: number;
  rows: { start: number; end: number; cells: CellSyntax[] }[];
}

/** An HTML node (block or inline). */
export interface HtmlSyntax {
  start: number;
  end: number;
  value: string;
}

/** A top-level block; `comment` marks a block made only of HTML comments. */
export interface BlockSyntax {
  start: number;
  end: number;
  kind: 'heading' | 'comment' | 'content';
}

/** YAML front matter: `contentStart` is where the YAML text begins. */
export interface FrontMatterSyntax {
  start: number;
  end: number;
  contentStart: number;
  value: string;
}

/** Everything extracted from one section (or a whole document). */
export interface SectionSyntax {
  headings: HeadingSyntax[];
  items: ListItemSyntax[];
  paragraphs: ParagraphSyntax[];
  tables: TableSyntax[];
  html: HtmlSyntax[];
  blocks: BlockSyntax[];
  frontMatter: FrontMatterSyntax | null;
  /** True when the section ends inside an unclosed code or HTML block. */
  openAtEnd: boolean;
}

/** A syntax with nothing in it. */
export function emptySyntax(): SectionSyntax {
  return { headings: [], items: [], paragraphs: [], tables: [], html: [], blocks: [], frontMatter: null, openAtEnd: false };
}

/**
 * Appends `s` to `out` with every offset moved by `by`: the one place a
 * section's syntax moves (into a document, or past a byte order mark). With
 * `by` 0 the cached objects themselves are shared: nobody mutates them.
 */
export function appendSyntax(out: SectionSyntax, s: SectionSyntax, by: number): void {
  if (by === 0) {
    out.headings.push(...s.headings);
    out.items.push(...s.items);
    out.paragraphs.push(...s.paragraphs);
    out.tables.push(...s.tables);
    out.html.push(...s.html);
    out.blocks.push(...s.blocks);
    return;
  }
  for (const h of s.headings) out.headings.push({ ...h, start: h.start + by, end: h.end + by, textStart: h.textStart + by, textEnd: h.textEnd + by });
  for (const it of s.items) out.items.push({ ...it, start: it.start + by, end: it.end + by, textStart: it.textStart + by, textEnd: it.textEnd + by });
  for (const p of s.paragraphs) {
    out.paragraphs.push(p.label ? { start: p.start + by, end: p.end + by, label: { name: p.label.name, end: p.label.end + by } } : { start: p.start + by, end: p.end + by });
  }
  for (const t of s.tables) {
    out.tables.push({
      start: t.start + by,
      end: t.end + by,
      rows: t.rows.map((r) => ({
        start: r.start + by,
        end: r.end + by,
        cells: r.cells.map((c) => ({ start: c.start + by, end: c.end + by, textStart: c.textStart + by, textEnd: c.textEnd + by })),
      })),
    });
  }
  for (const h of s.html) out.html.push({ start: h.start + by, end: h.end + by, value: h.value });
  for (const b of s.blocks) out.blocks.push({ start: b.start + by, end: b.end + by, kind: b.kind });
}
