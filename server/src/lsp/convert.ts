import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type Range,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import type { Analysis, Finding, Locale, Severity, Span, TextEdit } from '../core/index.js';

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

/** A finding as an LSP diagnostic; `data` carries the rule id for code actions. */
export function toDiagnostic(f: Finding, uri: string, locale: Locale, baseDir: string): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: docsHref(f.rule, baseDir) },
    source: SOURCE,
    message: f.messages[locale],
    ...(f.related.length
      ? { relatedInformation: f.related.map((r) => ({ location: { uri, range: r.range }, message: r.message[locale] })) }
      : {}),
    ...(f.rule === 'empty-step' ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    data: { rule: f.rule, start: f.span.start, end: f.span.end },
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
