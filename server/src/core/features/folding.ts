import type { Span } from '../types.js';
import type { Analysis } from '../analysis.js';
import type { LineIndex } from '../text/lineIndex.js';

/** A folding range in lines (0-based, inclusive). */
export interface FoldResult {
  startLine: number;
  endLine: number;
}

/** Folding by call and step (heading calls only: a sheet is one table). */
export function foldingRanges(analysis: Analysis): FoldResult[] {
  if (!analysis.isCallNote) return [];
  const { lines, text } = analysis;
  const out: FoldResult[] = [];
  const add = (span: Span) => {
    const startLine = lines.lineAt(span.start);
    const endLine = lastContentLine(text, lines, span.end);
    if (endLine > startLine) out.push({ startLine, endLine });
  };
  for (const call of analysis.calls) {
    if (call.form === 'sheet') continue;
    if (call.form === 'heading') add(call.span);
    for (const step of call.steps) add(step.span);
  }
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

function lastContentLine(text: string, lines: LineIndex, end: number): number {
  const trimmed = text.slice(0, end).replace(/\s+$/, '').length;
  return lines.lineAt(Math.max(0, trimmed - 1));
}
