import { moveSpan, type Localized, type Locale, type Range, type Severity, type Span } from './types.js';
import type { RuleId } from './ruleIds.js';
import type { MotConfig } from './config.js';
import type { Suppression } from './model/model.js';
import type { LineIndex } from './text/lineIndex.js';
import { RULES } from './rules/index.js';
import type { NoteRuleContext, Report, Rule, RuleContext } from './rules/rule.js';

/** Related information of a finding. */
export interface RelatedFinding {
  span: Span;
  range: Range;
  message: Localized;
}

/** A problem found in a note. */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  span: Span;
  range: Range;
  /** The message in the requested locale. */
  message: string;
  /** The message in every locale. */
  messages: Localized;
  related: RelatedFinding[];
  /** Facts for quick fixes. */
  data?: Record<string, unknown>;
}

/** Called when a rule throws; the other rules still run. */
export type RuleErrorHandler = (rule: RuleId, error: unknown) => void;

/** A finding before it is placed in lines and filtered by suppression comments. */
export interface RawFinding {
  rule: RuleId;
  severity: Severity;
  span: Span;
  messages: Localized;
  related: { span: Span; message: Localized }[];
  data?: Record<string, unknown>;
}

/** How a set of rules is run: the configuration, and what to do when one throws. */
export interface RunOptions {
  config: MotConfig;
  /** The rules to run (the registry by default). */
  rules?: readonly Rule[];
  onRuleError?: RuleErrorHandler;
}

/** Runs every enabled rule about calls over a region's model; a rule that throws is reported and skipped. */
export function collectFindings(context: RuleContext, options: RunOptions): RawFinding[] {
  return run('calls', context, options);
}

/** Runs every enabled rule about the whole note. */
export function collectNoteFindings(context: NoteRuleContext, options: RunOptions): RawFinding[] {
  return run('note', context, options);
}

function run(scope: Rule['scope'], context: RuleContext | NoteRuleContext, options: RunOptions): RawFinding[] {
  const out: RawFinding[] = [];
  for (const rule of options.rules ?? (RULES as readonly Rule[])) {
    if (rule.scope !== scope) continue;
    const severity = options.config.rules[rule.id as RuleId] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    const found: RawFinding[] = [];
    const report = (r: Report) => {
      found.push({ rule: rule.id as RuleId, severity, span: r.span, messages: r.message, related: r.related ?? [], ...(r.data ? { data: r.data } : {}) });
    };
    try {
      // The scope says which context the rule takes.
      (rule.check as (c: typeof context, r: typeof report) => void)(context, report);
      out.push(...found);
    } catch (error) {
      options.onRuleError?.(rule.id as RuleId, error);
    }
  }
  return out.sort(compareFindings);
}

/** A finding moved by `delta` (between a region's offsets and the note's). */
export function moveFinding(f: RawFinding, delta: number): RawFinding {
  if (delta === 0) return f;
  return { ...f, span: moveSpan(f.span, delta), related: f.related.length ? f.related.map((r) => ({ span: moveSpan(r.span, delta), message: r.message })) : f.related };
}

/** Document order, then rule id and message, so results never depend on rule order. */
export function compareFindings(a: RawFinding, b: RawFinding): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || (a.messages.en < b.messages.en ? -1 : a.messages.en > b.messages.en ? 1 : 0);
}

/** Places findings in lines and columns, drops suppressed ones, picks the message language. */
export function finalizeFindings(raw: readonly RawFinding[], lines: LineIndex, suppressions: Suppression[], locale: Locale): Finding[] {
  const suppressed = suppressionFilter(suppressions);
  const out: Finding[] = [];
  for (const r of raw) {
    const range = lines.range(r.span);
    if (suppressed(r.rule, range.start.line)) continue;
    out.push({
      rule: r.rule,
      severity: r.severity,
      span: r.span,
      range,
      message: r.messages[locale],
      messages: r.messages,
      related: r.related.map((x) => ({ span: x.span, range: lines.range(x.span), message: x.message })),
      ...(r.data ? { data: r.data } : {}),
    });
  }
  return out;
}

/**
 * Turns suppression comments into a predicate on (rule, line):
 * `mot-disable-next-line`, `mot-disable-line`, `mot-disable` … `mot-enable`
 * and `mot-disable-file`, with no rule id meaning every rule.
 */
export function suppressionFilter(list: readonly Pick<Suppression, 'kind' | 'rules' | 'line'>[]): (rule: RuleId, line: number) => boolean {
  if (!list.length) return () => false;
  const fileWide = new Set<string>();
  const byLine = new Map<number, Set<string>>();
  const ranges: { from: number; to: number; rules: Set<string> }[] = [];
  const open: { from: number; rules: Set<string> }[] = [];
  const ALL = '*';
  const ids = (s: Pick<Suppression, 'rules'>) => new Set(s.rules.length ? s.rules : [ALL]);
  for (const s of list) {
    switch (s.kind) {
      case 'file':
        for (const r of ids(s)) fileWide.add(r);
        break;
      case 'next-line':
      case 'line': {
        const line = s.kind === 'line' ? s.line : s.line + 1;
        const set = byLine.get(line) ?? new Set<string>();
        for (const r of ids(s)) set.add(r);
        byLine.set(line, set);
        break;
      }
      case 'disable':
        open.push({ from: s.line, rules: ids(s) });
        break;
      case 'enable': {
        const closing = ids(s);
        for (let i = open.length - 1; i >= 0; i--) {
          const o = open[i];
          if (closing.has(ALL) || [...o.rules].every((r) => closing.has(r))) {
            ranges.push({ from: o.from, to: s.line, rules: o.rules });
            open.splice(i, 1);
          }
        }
        break;
      }
    }
  }
  for (const o of open) ranges.push({ from: o.from, to: Infinity, rules: o.rules });
  const has = (set: Set<string> | undefined, rule: string) => !!set && (set.has(ALL) || set.has(rule));
  return (rule, line) =>
    has(fileWide, rule) || has(byLine.get(line), rule) || ranges.some((r) => line >= r.from && line <= r.to && has(r.rules, rule));
}
