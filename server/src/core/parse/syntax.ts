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
