import assert from 'node:assert/strict';
import { getHeapStatistics } from 'node:v8';
import { exposeGc, HeapWatch } from '../../server/src/lsp/memory.js';

const MB = 1024 * 1024;

describe('the server keeps its heap near the live size on large notes', () => {
  it('can run a full collection without --expose-gc on the command line', () => {
    const gc = exposeGc();
    assert.equal(typeof gc, 'function');
    // Arrays of doubles live in the V8 heap, a megabyte of them per 128K numbers.
    let garbage: number[][] | null = Array.from({ length: 8 }, (_, i) => new Array<number>(MB).fill(i + 0.5));
    const before = getHeapStatistics().used_heap_size;
    assert.ok(garbage.length === 8 && before > 60 * MB);
    garbage = null;
    gc!();
    assert.ok(getHeapStatistics().used_heap_size < before - 50 * MB, 'the dropped strings are still in the heap');
  });

  it('leaves a heap near its live size alone, collects in a pause past it, and at once far past it', async () => {
    let heap = { total_heap_size: 100 * MB, used_heap_size: 100 * MB };
    let collected: () => void = () => {};
    const ran = new Promise<void>((resolve) => (collected = resolve));
    const watch = new HeapWatch(() => {
      heap = { total_heap_size: 110 * MB, used_heap_size: 105 * MB };
      collected();
    }, () => heap);
    try {
      heap = { total_heap_size: 250 * MB, used_heap_size: 200 * MB };
      assert.equal(watch.edited(), 'no');
      heap = { total_heap_size: 300 * MB, used_heap_size: 250 * MB };
      assert.equal(watch.edited(), 'in a pause');
      heap = { total_heap_size: 430 * MB, used_heap_size: 400 * MB };
      assert.equal(watch.edited(), 'now');
      await ran;
      // Measured again after the collection (105 MB live in a 110 MB heap): the next one is due from there.
      heap = { total_heap_size: 250 * MB, used_heap_size: 120 * MB };
      assert.equal(watch.edited(), 'no');
      heap = { total_heap_size: 310 * MB, used_heap_size: 120 * MB };
      assert.equal(watch.edited(), 'in a pause');
    } finally {
      watch.dispose();
    }
  });

  it('does not collect again in every pause when V8 keeps the heap it freed', async () => {
    let heap = { total_heap_size: 500 * MB, used_heap_size: 100 * MB };
    let collected: () => void = () => {};
    const ran = new Promise<void>((resolve) => (collected = resolve));
    const watch = new HeapWatch(() => {
      // Live size back to 100 MB, but the heap stays at 500 MB.
      heap = { total_heap_size: 500 * MB, used_heap_size: 100 * MB };
      collected();
    }, () => heap);
    try {
      heap = { total_heap_size: 500 * MB, used_heap_size: 450 * MB };
      // Set up at 500 MB: no growth yet.
      assert.equal(watch.edited(), 'no');
      heap = { total_heap_size: 600 * MB, used_heap_size: 550 * MB };
      assert.equal(watch.edited(), 'now');
      await ran;
      heap = { total_heap_size: 520 * MB, used_heap_size: 150 * MB };
      assert.equal(watch.edited(), 'no');
      heap = { total_heap_size: 570 * MB, used_heap_size: 150 * MB };
      assert.equal(watch.edited(), 'now');
    } finally {
      watch.dispose();
    }
  });

  it('does nothing where the collector cannot be reached', () => {
    const watch = new HeapWatch(null, () => ({ total_heap_size: 4000 * MB, used_heap_size: 10 * MB }));
    assert.equal(watch.edited(), 'no');
  });
});
