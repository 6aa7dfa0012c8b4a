import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Text replaced (in UTF-16 bytes) after which the server asks for a full collection when typing pauses. */
const CHURN_BYTES = 128 * 1024 * 1024;
/** Pause in edits before that collection runs, so it does not land between two keystrokes. */
const QUIET_MS = 400;

/**
 * Keeps the server's memory near its live size while a large note is
 * edited. Every edit of a 10 MB note leaves the previous version, a 20 MB
 * string, to the garbage collector, and V8 lets its heap grow to several
 * times the live size before it collects: typing into such a note took the
 * server from 350 MB to 900 MB. Once enough text has been replaced, a full
 * collection runs in the next pause in typing.
 */
export class TextChurn {
  private bytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly collect = exposeGc();

  /** Records that a document version of `chars` characters was replaced. */
  replaced(chars: number): void {
    if (!this.collect) return;
    this.bytes += 2 * chars;
    if (this.bytes < CHURN_BYTES) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.bytes = 0;
      this.collect?.();
    }, QUIET_MS);
    this.timer.unref?.();
  }

  /** Stops a pending collection (the server is shutting down). */
  dispose(): void {
    clearTimeout(this.timer);
  }
}

/** V8's full collection, made callable without `--expose-gc` on the command line (null where that fails). */
function exposeGc(): (() => void) | null {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}
