import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runJob, type JobResult, type LintJob } from './job.js';

/**
 * Below this many files to analyse, the main thread does it alone: a worker
 * thread loads the whole analysis bundle and warms up its own compiler,
 * which costs about what twenty small notes do.
 */
const MIN_PARALLEL = 24;
/** Batches small enough to balance the threads at the end, large enough that messages cost nothing. */
const MAX_BATCH = 16;
/**
 * Young generation of each worker: parsing allocates many short-lived
 * objects, and a larger nursery collects them in fewer, cheaper scavenges.
 */
const YOUNG_GENERATION_MB = 48;

/** The bundled worker script beside this bundle, or null when running from sources (the tests), where jobs run on the main thread. */
export function workerScript(): string | null {
  try {
    const file = fileURLToPath(new URL('./cli-worker.js', import.meta.url));
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/**
 * How many worker threads to use: `MOT_LINT_THREADS` when set (0 analyses on
 * the main thread), else one per core the process may use.
 */
export function threadCount(env: Record<string, string | undefined>): number {
  const set = env.MOT_LINT_THREADS;
  if (set !== undefined && /^\d+$/.test(set.trim())) return Number(set.trim());
  return availableParallelism();
}

/**
 * Runs the jobs, in worker threads when there are enough of them, and
 * returns their results in the jobs' order, so that the output does not
 * depend on which thread finished first. A worker that dies fails its jobs
 * with an internal error; the others go on.
 */
export async function runJobs(jobs: readonly LintJob[], options: { threads: number; script: string | null; minParallel?: number }): Promise<JobResult[]> {
  const threads = Math.min(options.threads, Math.ceil(jobs.length / 4));
  if (!options.script || threads < 1 || jobs.length < (options.minParallel ?? MIN_PARALLEL)) return jobs.map(runJob);
  const results = new Map<number, JobResult>();
  let next = 0;
  const workers: Worker[] = [];
  await new Promise<void>((done) => {
    let live = threads;
    const finish = () => {
      if (--live === 0) done();
    };
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(options.script!, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      workers.push(worker);
      const inFlight: LintJob[][] = [];
      let ended = false;
      const send = () => {
        if (next >= jobs.length) return false;
        const remaining = jobs.length - next;
        const size = Math.max(1, Math.min(MAX_BATCH, Math.ceil(remaining / (threads * 4))));
        const batch = jobs.slice(next, next + size);
        next += batch.length;
        inFlight.push(batch);
        worker.postMessage(batch);
        return true;
      };
      const end = (cause?: unknown) => {
        if (ended) return;
        ended = true;
        for (const batch of inFlight.splice(0)) {
          for (const job of batch) {
            results.set(job.id, { id: job.id, isCallNote: false, findings: [], ruleErrors: [], internalError: `internal error while analysing: the analysis thread stopped (${(cause as Error)?.message ?? cause})` });
          }
        }
        finish();
      };
      worker.on('message', (batch: JobResult[]) => {
        inFlight.shift();
        for (const r of batch) results.set(r.id, r);
        // Two batches in flight, so a worker never waits for the main thread to answer.
        if (!send() && inFlight.length === 0) end();
      });
      worker.on('error', end);
      worker.on('exit', (code) => end(`exit code ${code}`));
      send();
      send();
      if (inFlight.length === 0) end();
    }
  });
  await Promise.all(workers.map((w) => w.terminate()));
  // Jobs no thread took (every worker died before them) run here.
  return jobs.map((job) => results.get(job.id) ?? runJob(job));
}
