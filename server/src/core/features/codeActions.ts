import type { Span } from '../types.js';
import { loc, type Locale } from '../l10n.js';
import type { Analysis } from '../analysis.js';
import type { Finding } from '../lint.js';
import { RULES_BY_ID } from '../ruleIds.js';
import { afterLine, applyEdits, eol, type TextEdit } from './edits.js';

export { applyEdits, type TextEdit } from './edits.js';

/** A code action, ready to be turned into an LSP CodeAction. */
export interface CodeActionResult {
  title: string;
  kind: 'quickfix' | 'source.fixAll';
  edits: TextEdit[];
  /** The findings it resolves. */
  fixes: Finding[];
  isPreferred?: boolean;
  /** Safe to apply without looking ("Fix all", `--fix`): it never records what the customer said. */
  safe?: boolean;
}

/**
 * The quick fixes for the findings that overlap `span`: insert a missing
 * step, add a confirmation, fix a step typo, disable a rule for a line or the
 * file.
 */
export function codeActions(analysis: Analysis, span: Span, options: { locale: Locale; today: string }): CodeActionResult[] {
  if (!analysis.isCallNote) return [];
  const out: CodeActionResult[] = [];
  const hits = analysis.findings.filter((f) => f.span.start <= span.end && span.start <= f.span.end);
  for (const finding of hits) out.push(...fixesFor(analysis, finding, options));
  const seen = new Set<string>();
  for (const finding of hits) {
    const key = `${finding.rule}:${finding.range.start.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(...disableActions(analysis, finding, options.locale));
  }
  return out;
}

/** The fixes the finding's rule offers for it (the first is the one "fix all" would apply, when safe). */
export function fixesFor(analysis: Analysis, finding: Finding, options: { locale: Locale; today: string }): CodeActionResult[] {
  const rule = RULES_BY_ID.get(finding.rule);
  if (!rule || rule.scope !== 'calls' || !rule.fixes) return [];
  const fixes = rule.fixes({ finding: { span: finding.span, data: finding.data ?? {} }, text: analysis.text, model: analysis.modelAt(finding.span.start), today: options.today });
  return fixes
    .filter((f) => f.edits.length)
    .map((f) => ({ title: f.title[options.locale], kind: 'quickfix' as const, edits: f.edits, fixes: [finding], ...(f.isPreferred ? { isPreferred: true } : {}), ...(f.safe ? { safe: true } : {}) }));
}

/**
 * Applies every safe fix (step typos, missing steps) until none is left and
 * returns the new text, or null when nothing changes. Re-analyses after each
 * fix so that edits never collide.
 */
export function fixAll(text: string, analyzeText: (text: string) => Analysis, options: { locale: Locale; today: string }): string | null {
  let current = text;
  // A fix that does not remove its own finding is skipped, so the loop always ends.
  const skipped = new Set<string>();
  const key = (f: Finding) => `${f.rule}:${f.span.start}:${f.span.end}:${f.messages.en}`;
  for (let round = 0; round < 200; round++) {
    const analysis = analyzeText(current);
    let fix: CodeActionResult | undefined;
    const finding = byFixOrder(analysis.findings).find((f) => !skipped.has(key(f)) && (fix = fixesFor(analysis, f, options).find((x) => x.safe)));
    if (!finding || !fix) break;
    const next = applyEdits(current, fix.edits);
    const after = analyzeText(next);
    const fixed = !after.findings.some((f) => f.rule === finding.rule && f.messages.en === finding.messages.en && f.span.start === finding.span.start);
    if (fixed) current = next;
    else skipped.add(key(finding));
  }
  return current === text ? null : current;
}

/**
 * Findings in the order their fixes are applied: step typos first, since a
 * misspelt step heading is also reported as a missing step, whose fix would
 * insert a second copy of the step the typo hides.
 */
function byFixOrder(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => Number(a.rule !== 'step-typo') - Number(b.rule !== 'step-typo'));
}

/** "Disable this rule for this line / for the file" actions. */
function disableActions(analysis: Analysis, finding: Finding, locale: Locale): CodeActionResult[] {
  const { text, lines } = analysis;
  const model = analysis.modelAt(finding.span.start);
  const nl = eol(text);
  const out: CodeActionResult[] = [];
  const line = finding.range.start.line;
  // Nothing goes before a byte order mark: it must stay the first character.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lineStart = Math.max(bom, lines.lineStarts[line]);
  const lineText = text.slice(lineStart, lines.lineEnd(line));
  const inFrontMatter = !!model.frontMatter && finding.span.start < model.frontMatter.span.end;
  const inTable = model.sheets.some((s) => finding.span.start >= s.span.start && finding.span.start < s.span.end) || /^\s*\|/.test(lineText);
  // A comment line may only go where a block starts, or it would split a paragraph.
  const previousBlank = line === 0 || !/\S/.test(text.slice(lines.lineStarts[line - 1], lines.lineEnd(line - 1)));
  const startsBlock = previousBlank || /^\s{0,3}(?:[-*+]|\d+[.)]|#{1,6})(?:\s|$)/.test(lineText);
  // A finding about the whole file (no-call) is silenced for the file, not for its first line.
  if (!inFrontMatter && !inTable && startsBlock && finding.rule !== 'no-call') {
    const indent = /^[ \t]*/.exec(lineText)![0];
    out.push({
      title: loc(`Disable ${finding.rule} for this line`, `在此行停用 ${finding.rule}`)[locale],
      kind: 'quickfix',
      edits: [{ span: { start: lineStart, end: lineStart }, newText: `${indent}<!-- mot-disable-next-line ${finding.rule} -->${nl}` }],
      fixes: [finding],
    });
  }
  const at = model.frontMatter ? afterLine(text, model.frontMatter.span.end) : bom;
  out.push({
    title: loc(`Disable ${finding.rule} for this file`, `在整个文件中停用 ${finding.rule}`)[locale],
    kind: 'quickfix',
    edits: [{ span: { start: at, end: at }, newText: `<!-- mot-disable-file ${finding.rule} -->${nl}` }],
    fixes: [finding],
  });
  return out;
}

