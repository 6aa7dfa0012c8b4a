import { parseDocument, isMap, isScalar, type Node as YamlNode } from 'yaml';
import { loc, type Span } from '../types.js';
import type { FrontMatterSyntax } from '../parse/syntax.js';
import { detach } from '../text/detach.js';
import type { FrontMatter, Score } from './model.js';
import { isIsoDate, isScoreInRange, parseScore } from './items.js';

/**
 * Reads the YAML front matter with the `yaml` package and checks the keys
 * the product knows (`mot`, `date`, `score`). Offsets are mapped back to the
 * document so problems can be underlined where they are.
 */
export function readFrontMatter(text: string, fm: FrontMatterSyntax): FrontMatter {
  // Use the raw source between the fences: offsets must match the document exactly.
  const closing = lastLineStart(text, fm.start, fm.end);
  // A copy: the results are kept, and must not keep the whole document alive.
  const raw = detach(text.slice(fm.contentStart, Math.max(fm.contentStart, closing)));
  // Every keystroke re-reads the front matter of the note being edited; it rarely changes.
  const key = `${fm.start},${fm.end},${fm.contentStart}\n${raw}`;
  let result = recent.get(key);
  if (!result) {
    result = parseFrontMatter(raw, fm);
    if (recent.size >= 16) recent.delete(recent.keys().next().value!);
    recent.set(key, result);
  }
  return result;
}

/** The last few front matters read (shared results: nothing mutates a model). */
const recent = new Map<string, FrontMatter>();

function parseFrontMatter(raw: string, fm: FrontMatterSyntax): FrontMatter {
  const base = fm.contentStart;
  const span = { start: fm.start, end: fm.end };
  const result: FrontMatter = { span, data: null, problems: [], score: null };

  const doc = parseDocument(raw, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const [s, t] = e.pos;
    const where: Span = { start: base + Math.min(s, raw.length), end: base + Math.min(Math.max(t, s + 1), raw.length) };
    if (where.end <= where.start) where.end = Math.min(fm.end, where.start + 1);
    const reason = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    result.problems.push({
      span: where,
      message: loc(
        `The front matter is not valid YAML (${reason}), so the note's customer, date and score cannot be read.`,
        `前置元数据（front matter）不是有效的 YAML（${reason}），无法读取客户、日期和评分。`,
      ),
    });
    return result;
  }
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) {
    result.data = {};
    return result;
  }
  if (!isMap(contents)) {
    result.problems.push({
      span: nodeSpan(contents as YamlNode, base, span),
      message: loc(
        'The front matter must be a list of `key: value` lines (customer, contact, date, score…).',
        '前置元数据必须是 `键: 值` 形式的若干行（customer、contact、date、score 等）。',
      ),
    });
    return result;
  }
  try {
    result.data = (doc.toJS() ?? {}) as Record<string, unknown>;
  } catch (error) {
    // yaml refuses to expand an alias bomb ("billion laughs"), among others.
    const reason = String((error as Error)?.message ?? error).split('\n')[0];
    result.problems.push({
      span: nodeSpan(contents, base, span),
      message: loc(
        `The front matter cannot be read (${reason}), so the note's customer, date and score cannot be read.`,
        `无法读取前置元数据（front matter）（${reason}），因此无法读取客户、日期和评分。`,
      ),
    });
    return result;
  }

  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const valueNode = pair.value as YamlNode | null;
    // A non-scalar value (a list, a map) is taken from the converted data, not the whole document again.
    const value = isScalar(valueNode) ? valueNode.value : valueNode ? result.data[key] : null;
    const where = valueNode ? nodeSpan(valueNode, base, span) : nodeSpan(pair.key as YamlNode, base, span);
    if (key === 'date' && value !== null && value !== undefined && value !== '' && !isDateValue(value)) {
      result.problems.push({
        span: where,
        message: loc(
          `The front matter \`date\` is not a date: write it as YYYY-MM-DD (for example 2026-11-25).`,
          `前置元数据中的 \`date\` 不是日期：请写成 YYYY-MM-DD（例如 2026-11-25）。`,
        ),
      });
    }
    if (key === 'score' && value !== null && value !== undefined && value !== '') {
      const raw = String(value);
      const n = typeof value === 'number' ? value : parseScore(raw);
      if (!isScoreInRange(n)) {
        result.problems.push({
          span: where,
          message: loc(
            `The front matter \`score\` ${raw} is not on the MOT scale: use a whole number from −3 to +3.`,
            `前置元数据中的 \`score\` ${raw} 不在关键时刻评分范围内：请使用 −3 到 +3 的整数。`,
          ),
        });
      } else {
        result.score = { raw, value: n, span: where, source: 'front-matter' } satisfies Score;
      }
    }
  }
  return result;
}

function isDateValue(v: unknown): boolean {
  if (v instanceof Date) return !Number.isNaN(v.getTime());
  if (typeof v !== 'string') return false;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?)?$/.exec(v.trim());
  return !!m && isIsoDate(m[1]);
}

function nodeSpan(node: YamlNode, base: number, fallback: Span): Span {
  const r = node.range;
  if (!r) return fallback;
  return { start: base + r[0], end: base + Math.max(r[0] + 1, r[1]) };
}

function lastLineStart(text: string, start: number, end: number): number {
  for (let i = end - 1; i > start; i--) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) return i;
  }
  return end;
}
