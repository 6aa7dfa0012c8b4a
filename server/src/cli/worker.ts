import { parentPort } from 'node:worker_threads';
import { runJob, type JobResult, type LintJob } from './job.js';

// The entry point of dist/cli-worker.js: analyses the batches of files the
// CLI's main thread sends, one answer per batch, until the thread is ended.
parentPort?.on('message', (batch: LintJob[]) => {
  const results: JobResult[] = batch.map(runJob);
  parentPort!.postMessage(results);
});
