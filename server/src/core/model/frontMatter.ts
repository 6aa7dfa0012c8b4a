import { parseDocument, isMap, isScalar, type Node as YamlNode } from 'yaml';
import { loc, type Span } from '../types.js';
import type { FrontMatterSyntax } from '../parse/syntax.js';
import { detach } from '../text/detach.js';
import type { FrontMatter, Score } from './model.js';
import { isScoreInRange, parseScore } from './items.js';
import { readDateValue, type DateContext } from './dates.js';

/**
 * Reads the YAML front matter with the `yaml` package and checks the keys
 * the product knows (`mot`, `date`, `score`). Offsets are mapped back to the
 * document so problems can be underlined where they are.
 */
export function readFrontMatter(text: string, fm: FrontMatterSyntax, dates: DateContext): FrontMatter {
  // Use the raw source between the fences: offsets must match the document exactly.
  const closing = lastLineStart(text, fm.start, fm.end);
  // A copy: the results are kept, and must not keep the whole document alive.
  const raw = detach(text.slice(fm.contentStart, Math.max(fm.contentStart, closing)));
  // Every keystroke re-reads the front matter of the note being edited; it rarely changes.
  const key = `${fm.start},${fm.end},${fm.contentStart},${dates.today},${dates.order}\n${raw}`;
  let result = recent.get(key);
  if (!result) {
    result = parseFrontMatter(raw, fm, dates);
    if (recent.size >= 16) recent.delete(recent.keys().next().value!);
    recent.set(key, result);
  }
  return result;
}

/** The last few front matters read (shared results: nothing mutates a model). */
const recent = new Map<string, FrontMatter>();

function parseFrontMatter(raw: string, fm: FrontMatterSyntax, dates: DateContext): FrontMatter {
  const base = fm.contentStart;
  const span = { start: fm.start, end: fm.end };
  const result: FrontMatter = { span, data: null, problems: [], score: null, date: null };

  const doc = parseDocument(raw, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const [s, t] = e.pos;
    const where: Span = { start: base + Math.min(s, raw.length), end: base + Math.min(Math.max(t, s + 1), raw.length) };
    if (where.end <= where.start) where.end = Math.min(fm.end, where.start + 1);
    const line = raw.slice(0, Math.min(s, raw.length)).split(/\r\n|\r|\n/).length;
    const cause = yamlCause(e.code, line, raw.slice(Math.min(s, raw.length), Math.min(Math.max(t, s + 1), raw.length)));
    result.problems.push({
      span: where,
      message: loc(
        `The front matter cannot be read: ${cause.en}. Until it is fixed, the note's customer, date and score are ignored.`,
        `文件开头的信息（front matter）无法读取：${cause['zh-cn']}。修正之前，这份记录的客户、日期和评分都不会被读取。`,
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
        '文件开头的信息（front matter）必须是若干行 `键: 值`（customer、contact、date、score 等）。',
      ),
    });
    return result;
  }
  try {
    result.data = (doc.toJS() ?? {}) as Record<string, unknown>;
  } catch (error) {
    // yaml refuses to expand an alias bomb ("billion laughs"), among others.
    result.problems.push({
      span: nodeSpan(contents, base, span),
      message: loc(
        'The front matter cannot be read: its aliases (`*name`) expand to too much text. Until it is fixed, the note\'s customer, date and score are ignored.',
        '文件开头的信息（front matter）无法读取：其中的别名（`*name`）展开后内容过多。修正之前，这份记录的客户、日期和评分都不会被读取。',
      ),
    });
    void error;
    return result;
  }

  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const valueNode = pair.value as YamlNode | null;
    // A non-scalar value (a list, a map) is taken from the converted data, not the whole document again.
    const value = isScalar(valueNode) ? valueNode.value : valueNode ? result.data[key] : null;
    const where = valueNode ? nodeSpan(valueNode, base, span) : nodeSpan(pair.key as YamlNode, base, span);
    if (key === 'date' && value !== null && value !== undefined && value !== '') {
      const read = dateValue(value, dates);
      if (read && 'date' in read) result.date = read.date;
      else {
        const shown = String(value instanceof Date ? value.toISOString() : value);
        result.problems.push({
          span: where,
          message: read
            ? loc(
                `The front matter \`date\` ${shown} can be read two ways (day/month or month/day): write it as YYYY-MM-DD, or set "dateOrder" in .motrc.json.`,
                `文件开头的信息中的 \`date\`（${shown}）有两种读法（日/月 或 月/日）：请写成 YYYY-MM-DD，或在 .motrc.json 中设置 "dateOrder"。`,
              )
            : loc(
                `The front matter \`date\` ${shown} is not a date: write it as YYYY-MM-DD (for example 2026-11-25).`,
                `文件开头的信息中的 \`date\`（${shown}）不是日期：请写成 YYYY-MM-DD（例如 2026-11-25）。`,
              ),
        });
      }
    }
    if (key === 'score' && value !== null && value !== undefined && value !== '') {
      const raw = String(value);
      const n = typeof value === 'number' ? value : parseScore(raw);
      if (!isScoreInRange(n)) {
        result.problems.push({
          span: where,
          message: loc(
            `The front matter \`score\` ${raw} is not on the MOT scale: use a whole number from −3 to +3.`,
            `文件开头的信息中的 \`score\`（${raw}）不在关键时刻评分范围内：请使用 −3 到 +3 的整数。`,
          ),
        });
      } else {
        result.score = { raw, value: n, span: where, source: 'front-matter' } satisfies Score;
      }
    }
  }
  return result;
}

/** A front-matter date: YAML's own timestamps, or any unambiguous way people write one. */
function dateValue(v: unknown, dates: DateContext): ReturnType<typeof readDateValue> {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : { date: v.toISOString().slice(0, 10) };
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  return readDateValue(String(v), { ...dates, ref: null });
}

/** What a YAML error means, in plain words (never the library's own text). */
function yamlCause(code: string, line: number, near: string): { en: string; 'zh-cn': string } {
  const at = { en: `line ${line} of it`, zh: `其中第 ${line} 行` };
  switch (code) {
    case 'DUPLICATE_KEY':
      return { en: `a key is written twice (${at.en})`, 'zh-cn': `同一个键写了两次（${at.zh}）` };
    case 'TAB_AS_INDENT':
      return { en: `${at.en} is indented with a tab; use spaces`, 'zh-cn': `${at.zh}用了制表符缩进，请改用空格` };
    case 'BAD_INDENT':
    case 'MULTILINE_IMPLICIT_KEY':
      return { en: `${at.en} is indented where no value is open; start it at the beginning of the line`, 'zh-cn': `${at.zh}的缩进不对，请从行首写起` };
    case 'MISSING_CHAR':
      return { en: `a quote or bracket opened on ${at.en} is never closed`, 'zh-cn': `${at.zh}的引号或括号没有闭合` };
    case 'BAD_DQ_ESCAPE':
      return { en: `a backslash in a quoted value on ${at.en} is not a known escape; use single quotes`, 'zh-cn': `${at.zh}的双引号值里有无法识别的反斜杠，请改用单引号` };
    case 'BAD_ALIAS':
    case 'ALIAS_PROPS':
      return { en: `an alias (\`*name\`) on ${at.en} names nothing`, 'zh-cn': `${at.zh}的别名（\`*name\`）没有对应的内容` };
    default:
      // `key value` without a colon, text after a closed quote, a stray `-`: all read as "not key: value".
      return {
        en: `${at.en}${near.trim() ? ` (near "${near.trim().slice(0, 20)}")` : ''} is not a \`key: value\` line`,
        'zh-cn': `${at.zh}${near.trim() ? `（“${near.trim().slice(0, 20)}”附近）` : ''}不是 \`键: 值\` 的形式`,
      };
  }
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
