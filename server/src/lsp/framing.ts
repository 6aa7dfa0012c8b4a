import { Transform, type TransformCallback } from 'node:stream';

const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
const MARKER = 'content-length:';
/** A header block longer than this is garbage (real ones are under a hundred bytes). */
const MAX_HEADER = 8192;

/**
 * Passes LSP base-protocol messages through unchanged and drops whatever is
 * not one. vscode-jsonrpc's reader, given a header block without a valid
 * `Content-Length`, reports an error and reads on from there: the next body
 * then runs into the following header, which is never recognised again, and
 * the server ignores every later message. Here a malformed header block (or
 * stray bytes between messages) is skipped up to the next `Content-Length:`
 * and, once the next message starts, `onDrop` is told how much was dropped:
 * the stream resynchronises.
 */
export class HeaderResync extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  /** Body bytes of the current message still to pass through; -1 while reading a header. */
  private body = -1;
  /** Bytes dropped since the last message, and why the first of them were, told when the stream is back in step. */
  private dropped = 0;
  private why = '';

  constructor(private readonly onDrop: (bytes: number, why: string) => void = () => undefined) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      if (this.body >= 0) {
        if (!this.buffer.length) break;
        const n = Math.min(this.body, this.buffer.length);
        this.push(this.buffer.subarray(0, n));
        this.buffer = this.buffer.subarray(n);
        this.body -= n;
        if (this.body > 0) break;
        this.body = -1;
        continue;
      }
      const end = this.buffer.indexOf(HEADER_END);
      if (end < 0) {
        if (this.buffer.length > MAX_HEADER) this.skip('a header block without an end', 0);
        break;
      }
      const length = contentLength(this.buffer.toString('latin1', 0, end));
      if (length === null) {
        this.skip('a header block without a valid Content-Length', end + HEADER_END.length);
        continue;
      }
      if (this.dropped) {
        this.onDrop(this.dropped, this.why);
        this.dropped = 0;
      }
      this.push(this.buffer.subarray(0, end + HEADER_END.length));
      this.buffer = this.buffer.subarray(end + HEADER_END.length);
      this.body = length;
    }
    callback();
  }

  /**
   * Drops bytes up to the next `Content-Length:` after the start; without
   * one, at least `atLeast` bytes and all but what may be the start of one.
   */
  private skip(why: string, atLeast: number): void {
    const text = this.buffer.toString('latin1').toLowerCase();
    const next = text.indexOf(MARKER, 1);
    const drop = next > 0 ? next : Math.min(this.buffer.length, Math.max(atLeast, this.buffer.length - MARKER.length));
    if (drop === 0) return;
    this.buffer = this.buffer.subarray(drop);
    if (!this.dropped) this.why = why;
    this.dropped += drop;
  }
}

/** The `Content-Length` of a header block (lines `Name: value`), or null when any line is malformed or it has none. */
export function contentLength(block: string): number | null {
  let length: number | null = null;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!/^[a-z0-9-]+$/.test(name)) return null;
    if (name === 'content-length') {
      const value = line.slice(colon + 1).trim();
      if (!/^\d{1,10}$/.test(value)) return null;
      length = Number(value);
    }
  }
  return length;
}
