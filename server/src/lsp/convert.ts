import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type Range,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import { moreProblems, type Analysis, type Finding, type Locale, type Severity, type Span, type TextEdit } from '../core/index.js';

/** The `source` of every diagnostic. */
export const SOURCE = 'mot';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Where the rule documentation pages are: `docs/rules` beside the bundle's folder. */
export function docsHref(rule: string, baseDir: string): string {
  // Asked once per diagnostic: a 10 MB note has hundreds, and building a file URL is not free.
  const key = `${baseDir}\0${rule}`;
  let href = hrefs.get(key);
  if (href === undefined) {
    href = pathToFileURL(join(baseDir, '..', 'docs', 'rules', `${rule}.md`)).href;
    hrefs.set(key, href);
  }
  return href;
}

const hrefs = new Map<string, string>();

/**
 * What of a diagnostic a client can use, from its capabilities: a client that
 * does not declare the documentation link or related information is not sent
 * them (a findings-heavy note's diagnostics are mostly those).
 */
export interface DiagnosticSupport {
  codeDescription: boolean;
  relatedInformation: boolean;
}

/**
 * A finding as an LSP diagnostic. Nothing a code action can recompute travels
 * with it: code actions are computed from the analysis at the requested range.
 */
export function toDiagnostic(f: Finding, uri: string, locale: Locale, baseDir: string, support: DiagnosticSupport): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.rule,
    ...(support.codeDescription ? { codeDescription: { href: docsHref(f.rule, baseDir) } } : {}),
    source: SOURCE,
    message: f.messages[locale],
    ...(f.related.length && support.relatedInformation
      ? { relatedInformation: f.related.map((r) => ({ location: { uri, range: r.range }, message: r.message[locale] })) }
      : {}),
    ...(f.rule === 'empty-step' ? { tags: [DiagnosticTag.Unnecessary] } : {}),
  };
}

/** The last diagnostic of a capped list: how many findings are not shown and how to see them, on the note's first line. */
export function moreDiagnostic(hidden: number, limit: number, locale: Locale): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message: moreProblems(hidden, limit)[locale],
  };
}

/** A span as an LSP range. */
export function toRange(analysis: Analysis, span: Span): Range {
  return analysis.lines.range(span);
}

/** Core edits as LSP text edits. */
export function toTextEdits(analysis: Analysis, edits: TextEdit[]): LspTextEdit[] {
  return edits.map((e) => ({ range: toRange(analysis, e.span), newText: e.newText }));
}
