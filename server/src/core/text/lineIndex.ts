import type { Position, Range, Span } from '../types.js';
import { lowerBound } from './sorted.js';

/**
 * Converts between UTF-16 offsets and LSP positions. Line breaks are `\n`,
 * `\r\n` and a lone `\r`, as in LSP and CommonMark, so ranges stay exact in
 * files with CRLF or old Mac line ends.
 */
export class LineIndex {
  /** Offset of the first character of each line. */
  readonly lineStarts: Int32Array;

  constructor(
    readonly text: string,
    lineStarts?: Int32Array,
  ) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    const starts = [0];
    const n = text.length;
    if (!text.includes('\r')) {
      // The common case, done with the native search.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = Int32Array.from(starts);
      return;
    }
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = Int32Array.from(starts);
  }

  /**
   * The index of `text`, a new version of `previous.text` that shares its
   * first `prefix` and last `suffix` characters: line starts inside those are
   * copied (the end ones moved) and only the changed stretch is scanned, so
   * a keystroke in a large note does not rescan the whole text.
   */
  static edited(previous: LineIndex, text: string, prefix: number, suffix: number): LineIndex {
    const old = previous.lineStarts;
    const delta = text.length - previous.text.length;
    // A line start is decided by the character before it and, after a CR, the one at it:
    // starts below `prefix` see only shared characters, as do those past the changed stretch.
    const head = prefix === 0 ? 0 : lowerBound(old, prefix);
    const scanned: number[] = prefix === 0 ? [0] : [];
    const changedEnd = text.length - suffix;
    for (let i = Math.max(0, prefix - 1); i < changedEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) scanned.push(i + 1);
    }
    const tail = lowerBound(old, previous.text.length - suffix + 1);
    const starts = new Int32Array(head + scanned.length + old.length - tail);
    starts.set(old.subarray(0, head));
    starts.set(scanned, head);
    const moved = head + scanned.length;
    for (let k = tail; k < old.length; k++) starts[moved + k - tail] = old[k] + delta;
    return new LineIndex(text, starts);
  }

  /** Number of lines (a trailing line break starts an empty last line). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The 0-based line holding `offset`. */
  lineAt(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The position of `offset`, clamped to the text. */
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(o);
    return { line, character: o - this.lineStarts[line] };
  }

  /** The offset of `position`, clamped to its line (line break excluded). */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    const end = this.lineEnd(position.line);
    return Math.max(start, Math.min(start + position.character, end));
  }

  /** Offset just past the last character of `line`, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** The range of a span. */
  range(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}

