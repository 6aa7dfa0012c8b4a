import type { Localized, Locale, Range, Severity, Span } from './types.js';
import type { RuleId } from './ruleIds.js';
import type { MotConfig } from './config.js';
import type { NoteModel, Suppression } from './model/model.js';
import type { LineIndex } from './text/lineIndex.js';
import { RULES, type Rule } from './rules/index.js';

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

/** Runs every enabled rule over a model and applies suppression comments. */
export function runRules(
  model: NoteModel,
  text: string,
  lines: LineIndex,
  options: { config: MotConfig; today: string; locale: Locale; rules?: readonly Rule[]; onRuleError?: RuleErrorHandler },
): Finding[] {
  if (!model.isCallNote) return [];
  const findings: Finding[] = [];
  const suppressed = suppressionFilter(model.suppressions);
  for (const rule of options.rules ?? RULES) {
    const severity = options.config.rules[rule.id] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    try {
      rule.check({ model, text, today: options.today }, (r) => {
        const range = lines.range(r.span);
        if (suppressed(rule.id, range.start.line)) return;
        findings.push({
          rule: rule.id,
          severity,
          span: r.span,
          range,
          message: r.message[options.locale],
          messages: r.message,
          related: (r.related ?? []).map((x) => ({ span: x.span, range: lines.range(x.span), message: x.message })),
          ...(r.data ? { data: r.data } : {}),
        });
      });
    } catch (error) {
      options.onRuleError?.(rule.id, error);
    }
  }
  return findings.sort(
    (a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message),
  );
}

/**
 * Turns suppression comments into a predicate on (rule, line):
 * `mot-disable-next-line`, `mot-disable-line`, `mot-disable` … `mot-enable`
 * and `mot-disable-file`, with no rule id meaning every rule.
 */
function suppressionFilter(list: Suppression[]): (rule: RuleId, line: number) => boolean {
  if (!list.length) return () => false;
  const fileWide = new Set<string>();
  const byLine = new Map<number, Set<string>>();
  const ranges: { from: number; to: number; rules: Set<string> }[] = [];
  const open: { from: number; rules: Set<string> }[] = [];
  const ALL = '*';
  const ids = (s: Suppression) => new Set(s.rules.length ? s.rules : [ALL]);
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
