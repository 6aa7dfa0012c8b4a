import { analyze, digestNote, fixAll, type Finding, type Localized, type MotConfig, type NoteDigest, type Severity } from '../core/index.js';

/** One file to analyse: everything the analysis needs, as plain data so that it can go to a worker thread. */
export interface LintJob {
  /** The file's place in the run's list. */
  id: number;
  /** Absolute path, for `files` globs and a file call's title; absent for standard input without `--stdin-filename`. */
  path?: string;
  text: string;
  rootDir: string;
  config: MotConfig;
  today: string;
  /** Apply the fix-all fixes and report what is left. */
  fix: boolean;
  /** Also give the note's digest (follow-ups, cross-note references). */
  digest?: boolean;
}

/** A place in a file: 1-based lines and columns, columns in UTF-16 code units (as LSP and `--format json` count). */
export interface CliRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A finding as the CLI keeps it (and caches it): its messages in every locale, so that any `--locale` can print it. */
export interface CliFinding extends CliRange {
  rule: string;
  severity: Severity;
  messages: Localized;
  related: (CliRange & { messages: Localized })[];
}

/** What the analysis of one {@link LintJob} gives. */
export interface JobResult {
  id: number;
  isCallNote: boolean;
  findings: CliFinding[];
  /** With `digest`, for a call note: its digest, of the fixed text with `fix`. */
  digest?: NoteDigest;
  /** With `fix`: the fixed text, or null when the fixes change nothing. */
  fixed?: string | null;
  /** Rules that threw (their findings are lost, the others kept), as messages for stderr. */
  ruleErrors: string[];
  /** When the analysis itself failed: the cause, for stderr. */
  internalError?: string;
}

/** Analyses (and with `fix`, fixes) one file; never throws. */
export function runJob(job: LintJob): JobResult {
  const ruleErrors: string[] = [];
  try {
    const options = {
      path: job.path,
      rootDir: job.rootDir,
      config: job.config,
      today: job.today,
      locale: 'en' as const,
      onRuleError: (rule: string, error: unknown) => ruleErrors.push(`rule ${rule} failed: ${(error as Error)?.stack ?? error}`),
    };
    let analysis = analyze(job.text, options);
    let fixed: string | null | undefined;
    if (job.fix && analysis.isCallNote) {
      // Rule errors of the intermediate analyses would repeat the same message many times.
      const quiet = { ...options, onRuleError: undefined };
      const first = analysis;
      fixed = fixAll(job.text, (text) => (text === job.text ? first : analyze(text, quiet)), { locale: 'en', today: job.today });
      if (fixed !== null) analysis = analyze(fixed, options);
    }
    const digest = job.digest && analysis.isCallNote ? { digest: digestNote(analysis, job.today) } : {};
    return {
      id: job.id,
      isCallNote: analysis.isCallNote,
      findings: analysis.isCallNote ? analysis.findings.map(toCliFinding) : [],
      ruleErrors,
      ...(job.fix ? { fixed: fixed ?? null } : {}),
      ...digest,
    };
  } catch (error) {
    // The analysis is built never to throw; if it does, one file must not stop the run.
    return { id: job.id, isCallNote: false, findings: [], ruleErrors, internalError: `internal error while analysing: ${(error as Error)?.stack ?? error}` };
  }
}

function toCliFinding(f: Finding): CliFinding {
  return {
    rule: f.rule,
    severity: f.severity,
    ...toCliRange(f.range),
    messages: f.messages,
    related: f.related.map((r) => ({ ...toCliRange(r.range), messages: r.message })),
  };
}

function toCliRange(range: Finding['range']): CliRange {
  return { line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}
