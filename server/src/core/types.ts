/**
 * Shared value types of the analysis core. They mirror LSP's shapes (0-based
 * lines, UTF-16 columns) so the server can pass them through unchanged, but the
 * core depends on no LSP package.
 */

/** How loudly a finding is reported. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A severity as configured: `off` turns a rule off. */
export type SeveritySetting = Severity | 'off';

export { LOCALES, loc, type Locale, type Localized } from './l10n.js';

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

/** `span` moved by `delta`: the one way spans move, between a region's offsets and the document's. */
export function moveSpan(span: Span, delta: number): Span {
  return { start: span.start + delta, end: span.end + delta };
}
