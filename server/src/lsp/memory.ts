import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const MB = 1024 * 1024;
/** Heap beyond the live size at which a full collection is asked for in the next pause in edits. */
const QUIET_SLACK = 192 * MB;
/** Heap beyond the live size at which it runs without waiting for a pause. */
/** Growth since the last collection without which none runs again (V8 may keep the pages it freed). */
const MIN_GROWTH = 64 * MB;
const FORCE_SLACK = 320 * MB;
/** Pause in edits before a collection runs, so it does not land between two keystrokes. */
const QUIET_MS = 400;

/**
 * Keeps the server's memory near its live size while a large note is
 * edited. Every edit of a 10 MB note leaves the previous version, a 20 MB
 * string, to the garbage collector, and V8 lets its heap grow to several
 * times the live size before it collects: typing into such a note took the
 * server from 350 MB to 900 MB. When the heap has grown well past the live
 * size, a full collection runs in the next pause in typing, or at once if
 * the heap keeps growing. With small notes the heap never gets there.
 */
export class HeapWatch {
  /** The live size, and the heap's size, after the last collection. */
  private live: number;
  private committed: number;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly collect: (() => void) | null = exposeGc(),
    private readonly heap: () => { total_heap_size: number; used_heap_size: number } = getHeapStatistics,
  ) {
    this.live = heap().used_heap_size;
    this.committed = heap().total_heap_size;
  }

  /** Called on each edit: schedules a collection when one is due, and says when it will run. */
  edited(): 'no' | 'in a pause' | 'now' {
    if (!this.collect) return 'no';
    const total = this.heap().total_heap_size;
    if (total < this.live + QUIET_SLACK || total < this.committed + MIN_GROWTH) return 'no';
    const now = total >= this.live + FORCE_SLACK;
    clearTimeout(this.timer);
    // The collection pauses the server (a quarter of a second with a 10 MB note open).
    this.timer = setTimeout(() => this.run(), now ? 0 : QUIET_MS);
    this.timer.unref?.();
    return now ? 'now' : 'in a pause';
  }

  private run(): void {
    this.collect?.();
    this.live = this.heap().used_heap_size;
    this.committed = this.heap().total_heap_size;
  }

  /** Stops a pending collection (the server is shutting down). */
  dispose(): void {
    clearTimeout(this.timer);
  }
}

/**
 * V8's full collection, made callable without `--expose-gc` on the command line (null where
 * that fails), as jest's leak detector does.
 */
export function exposeGc(): (() => void) | null {
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
