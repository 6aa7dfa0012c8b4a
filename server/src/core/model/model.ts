import type { Localized, Span, StepKind } from '../types.js';
import type { ExpectationKind, LabelKind } from './items.js';

/** Why a file counts as call notes. */
export type CallNoteReason = 'front-matter' | 'path' | 'calls';

/** A heading of the document. */
export interface Heading {
  depth: number;
  /** The whole heading line. */
  span: Span;
  /** Its visible text (HTML comments excluded). */
  textSpan: Span;
  text: string;
  /** From the heading to the next heading of the same or a higher level. */
  section: Span;
  /** The step it names, if any. */
  step: StepKind | null;
}

/** An Explore label found on an item. */
export interface Label {
  kind: LabelKind;
  expectation?: ExpectationKind;
  span: Span;
}

/** A due date on an action. */
export interface DueDate {
  /** YYYY-MM-DD (as written when it is no calendar date). */
  date: string;
  valid: boolean;
  span: Span;
  /** Written with words relative to the call's date (`by Tuesday`, `明天`). */
  relative?: boolean;
  /** Day and month that read two ways (`03/11/2026`) with no `dateOrder`; `date` is the text as written. */
  ambiguous?: boolean;
}

/** How an item names offers besides the ids it writes. */
export interface References {
  /** Ids a range names without writing them (`O2`, `O3` in `O1–O4`). */
  implied: string[];
  /** `all`, `everything`, `全部`: every offer of the call. */
  all: boolean;
  /** Offers of earlier calls: `O1@2026-11-10`. */
  external: { id: string; date: string; span: Span }[];
}

/** An offer id mention. */
export interface IdRef {
  id: string;
  span: Span;
}

/** One item of a step: a list item, a paragraph line, or a piece of a table cell. */
export interface Item {
  /** The item's text span (list marker and checkbox excluded). */
  span: Span;
  /** The text, comments removed, white space folded. */
  text: string;
  /** `true` done, `false` open (`- [ ]`), `null` a plain item. */
  checked: boolean | null;
  /**
   * Still to come, read from the box and the words: an action still to do,
   * a confirmation only planned (an open box, a placeholder, `Didn't ask…`).
   */
  open: boolean;
  /** Offer ids the item writes (not in URLs or code). */
  mentions: IdRef[];
  refs: References;
  due: DueDate | null;
  owners: string[];
  /** The first Explore label, if any. */
  label: Label | null;
  /** Every Explore label in the item, nested items included. */
  labels: Label[];
}

/** An item of the Offer step. */
export interface Offer extends Item {
  id: IdRef | null;
  declined: boolean;
  /** Actions that refer to this offer. */
  actions: Item[];
  /** Confirmations that cover it (done or planned). */
  confirmations: Item[];
}

/** A step of a call. */
export interface Step {
  kind: StepKind;
  /** The heading text, the label's name (`**Explore:**`), or the record sheet's row label cell. */
  titleSpan: Span;
  /** The step's heading (null for label and record-sheet steps). */
  heading: Heading | null;
  /** Whether it is written as a label at the start of a paragraph. */
  label?: boolean;
  /** Extent of the step's content (section or cell). */
  span: Span;
  /** Whether it has no content at all. */
  empty: boolean;
  items: Item[];
}

/** A score of a call. */
export interface Score {
  raw: string;
  value: number | null;
  span: Span;
  source: 'line' | 'front-matter' | 'sheet';
}

/** A customer interaction analysed in the four steps. */
export interface Call {
  form: 'heading' | 'file' | 'sheet';
  title: string;
  /** The call heading's text, the sheet's column header, or (file calls) the first step heading. */
  titleSpan: Span;
  /** The call's heading (heading calls only). */
  heading: Heading | null;
  /** The whole extent of the call. */
  span: Span;
  /** Steps in document order (a step named twice appears twice). */
  steps: Step[];
  offers: Offer[];
  actions: Item[];
  confirmations: Item[];
  scores: Score[];
  /** The language the call is written in, for inserted text. */
  language: 'en' | 'zh';
  /** YYYY-MM-DD: the first date in its heading, else the note's date; null when none is known. */
  date: string | null;
  /** For sheet calls (steps in rows): the table and column, for inserting missing rows. */
  sheet?: { sheet: Sheet; column: number };
}

/** A heading or record-sheet row label that is almost a step name. */
export interface Typo {
  kind: StepKind;
  /** The heading's or cell's text span. */
  span: Span;
  /** Each misspelt word and its correction. */
  fixes: { span: Span; replacement: string }[];
}

/** A problem in the front matter. */
export interface FrontMatterProblem {
  span: Span;
  message: Localized;
}

/** The YAML front matter. */
export interface FrontMatter {
  span: Span;
  data: Record<string, unknown> | null;
  problems: FrontMatterProblem[];
  score: Score | null;
  /** `date`, read (YYYY-MM-DD), when it is one. */
  date: string | null;
}

/** A suppression comment. */
export interface Suppression {
  kind: 'next-line' | 'line' | 'disable' | 'enable' | 'file';
  /** Rule ids named; empty means all rules. */
  rules: string[];
  /** 0-based line of the comment's end. */
  line: number;
  span: Span;
}

/** A cell of a record sheet: `span` runs from its leading pipe; `textSpan` is its content. */
export interface SheetCell {
  span: Span;
  textSpan: Span;
}

/** A record sheet table. */
export interface Sheet {
  span: Span;
  /** Header row span. */
  headerSpan: Span;
  /** Number of columns, row label included. */
  columns: number;
  /** The delimiter row (`|---|`) under the header. */
  delimiter: Span;
  /** Rows by step, with the row label's span and every cell. */
  rows: { kind: StepKind; labelSpan: Span; rowSpan: Span; cells: SheetCell[] }[];
}

/** Everything the rules and editor features need to know about a note. */
export interface NoteModel {
  isCallNote: boolean;
  reason: CallNoteReason | null;
  frontMatter: FrontMatter | null;
  headings: Heading[];
  calls: Call[];
  /** Open tasks outside calls and action-table rows that are no call's actions. */
  commitments: Item[];
  sheets: Sheet[];
  typos: Typo[];
  suppressions: Suppression[];
  /** Blocks of content, for the empty-step check and features. */
  language: 'en' | 'zh';
}
