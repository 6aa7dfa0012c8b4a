import type { Locale, Severity } from '../core/index.js';
import type { Palette } from './color.js';
import type { CliFinding } from './job.js';

/** A finding of one file, as the output formats see it. */
export interface FileFinding {
  /** The path as shown (relative to the working directory, `/`-separated). */
  file: string;
  finding: CliFinding;
}

/** One finding as `--format json` prints it: exactly these fields. */
export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  rule: string;
  message: string;
}

/** What the summary line counts. */
export interface RunCounts {
  /** Files looked at (expanded from the paths given). */
  files: number;
  /** Call notes among them that were checked. */
  notes: number;
  /** Files and paths that could not be read (missing, unreadable, binary, not UTF-8, a glob matching nothing). */
  unreadable: number;
  /** Files read but not checked (an invalid configuration, an internal error). */
  unchecked: number;
  /** Files `--fix` rewrote. */
  fixed: number;
  fix: boolean;
}

/** The `--format json` objects. */
export function toJson(findings: readonly FileFinding[], locale: Locale): JsonFinding[] {
  return findings.map(({ file, finding: f }) => ({
    file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    severity: f.severity,
    rule: f.rule,
    message: f.messages[locale],
  }));
}

/** The default output: `path:line:column  severity  message  rule-id` per finding, a blank line, the summary. */
export function formatText(findings: readonly FileFinding[], counts: RunCounts, locale: Locale, paint: Palette): string {
  const lines = findings.map(
    ({ file, finding: f }) => `${paint.path(`${file}:${f.line}:${f.column}`)}  ${paint.severity(f.severity, f.severity)}  ${f.messages[locale]}  ${paint.rule(f.rule)}`,
  );
  const count = (s: Severity) => findings.filter((f) => f.finding.severity === s).length;
  const summary = paint.summary(findings.length === 0 && counts.unreadable + counts.unchecked === 0, count('error') > 0, summaryLine(findings, counts, locale, count));
  return `${lines.join('\n')}${lines.length ? '\n\n' : ''}${summary}\n`;
}

/**
 * The summary: how many problems of each severity, in how many files, how
 * many call notes were checked — and how many files could not be read or
 * checked, so that a run with failures never reads as "No problems".
 */
function summaryLine(findings: readonly FileFinding[], c: RunCounts, locale: Locale, count: (s: Severity) => number): string {
  const filesWith = new Set(findings.map((f) => f.file)).size;
  const failed = c.unreadable + c.unchecked > 0;
  if (locale === 'zh-cn') {
    const head = findings.length
      ? `共 ${findings.length} 个问题（错误 ${count('error')}，警告 ${count('warning')}，提示 ${count('info') + count('hint')}），分布在 ${filesWith} 个文件中；检查了 ${c.notes} 篇通话记录（共 ${c.files} 个文件）`
      : failed
        ? `0 个问题：检查了 ${c.notes} 篇通话记录（共 ${c.files} 个文件）`
        : `没有发现问题：检查了 ${c.notes} 篇通话记录（共 ${c.files} 个文件）`;
    const tail = [
      c.fix ? `修复了 ${c.fixed} 个文件` : '',
      c.unreadable ? `${c.unreadable} 个文件无法读取` : '',
      c.unchecked ? `${c.unchecked} 个文件未能检查` : '',
    ].filter(Boolean);
    return `${[head, ...tail].join('；')}。`;
  }
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const head = findings.length
    ? `${plural(findings.length, 'problem')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info') + count('hint'), 'info')}) in ${plural(filesWith, 'file')}; ${plural(c.notes, 'call note')} checked of ${plural(c.files, 'file')}`
    : `${failed ? '0 problems' : 'No problems'}: ${plural(c.notes, 'call note')} checked of ${plural(c.files, 'file')}`;
  const tail = [
    c.fix ? `${plural(c.fixed, 'file')} fixed` : '',
    c.unreadable ? `${plural(c.unreadable, 'file')} could not be read` : '',
    c.unchecked ? `${plural(c.unchecked, 'file')} could not be checked` : '',
  ].filter(Boolean);
  return `${[head, ...tail].join('; ')}.`;
}

/** GitHub Actions' annotation command for each severity (`info` and `hint` are notices). */
const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/**
 * `--format github`: one workflow command per finding,
 * `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=rule::message`,
 * which GitHub Actions shows as an annotation on the file and line.
 */
export function formatGithub(findings: readonly FileFinding[], locale: Locale): string {
  return findings
    .map(({ file, finding: f }) => {
      const props = [`file=${escapeProperty(file)}`, `line=${f.line}`, `col=${f.column}`, `endLine=${f.endLine}`, `endColumn=${f.endColumn}`, `title=${escapeProperty(f.rule)}`];
      return `::${GITHUB_COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.messages[locale])}\n`;
    })
    .join('');
}

/** Escapes a workflow command's message: `%`, CR and LF would end or corrupt the command. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value: also `:` and `,`, which separate properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
