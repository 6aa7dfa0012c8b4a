/**
 * Shared value types of the analysis core. They mirror LSP's shapes (0-based
 * lines, UTF-16 columns) so the server can pass them through unchanged, but the
 * core depends on no LSP package.
 */

/** How loudly a finding is reported. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A severity as configured: `off` turns a rule off. */
export type SeveritySetting = Severity | 'off';

/** The languages messages, hovers and snippets exist in. */
export type Locale = 'en' | 'zh-cn';

/** The supported locales, in display order. */
export const LOCALES: readonly Locale[] = ['en', 'zh-cn'];

/** A text in every supported locale. */
export type Localized = Record<Locale, string>;

/** A 0-based line and a 0-based column counted in UTF-16 code units. */
export interface Position {
  line: number;
  character: number;
}

/** A range between two positions, end exclusive. */
export interface Range {
  start: Position;
  end: Position;
}

/** A range as UTF-16 offsets into the document text, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** The four MOT steps, in their proper order. */
export type StepKind = 'explore' | 'offer' | 'action' | 'confirm';

/** The steps in MOT order: Explore → Offer → Action → Confirm. */
export const STEP_ORDER: readonly StepKind[] = ['explore', 'offer', 'action', 'confirm'];

/** Builds a {@link Localized} text. */
export function loc(en: string, zh: string): Localized {
  return { en, 'zh-cn': zh };
}
