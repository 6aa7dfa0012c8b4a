/**
 * The findings an editor shows when it shows at most N of them: the N most
 * severe, then the first in the note, chosen from the regions' findings
 * without placing every finding in lines (a findings-heavy 10 MB note has
 * 70,000 findings; an editor shows 1,000).
 */
import { loc, type Localized, type Locale, type Range, type Severity } from './types.js';
import type { LineIndex } from './text/lineIndex.js';
import type { Suppression } from './model/model.js';
import { compareFindings, finalizeFindings, moveFinding, suppressionFilter, type Finding, type RawFinding } from './lint.js';

/** The severities, most severe first: the order of the cap. */
const BY_SEVERITY: readonly Severity[] = ['error', 'warning', 'info', 'hint'];
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** A capped list of findings and how many there are in all. */
export interface TopFindings {
  /** At most the limit's number of findings, in document order (as an analysis's `findings`). */
  findings: Finding[];
  /** How many findings the note has in all, after suppression comments. */
  total: number;
}

/** A region's findings, sorted in document order, offsets relative to the region's start. */
export interface FindingRegion {
  readonly raw: readonly RawFinding[];
}

/** Findings per severity of a region's list, counted once per list (lists are kept while their region is unchanged). */
const counts = new WeakMap<readonly RawFinding[], Uint32Array>();

function countsOf(raw: readonly RawFinding[]): Uint32Array {
  let c = counts.get(raw);
  if (!c) {
    c = new Uint32Array(4);
    for (const f of raw) c[RANK[f.severity]]++;
    counts.set(raw, c);
  }
  return c;
}

/**
 * The `limit` most severe findings (ties by position), placed in lines,
 * without suppressed ones, returned in document order; and the total.
 * `note` holds the findings about the whole note (anywhere in it, note
 * offsets); `regions` the regions of the note in document order, not
 * overlapping, region `k` starting at `starts[k]`. Work is in the number of
 * regions plus the findings returned, and, when the note has suppression
 * comments, a line look-up per finding.
 */
export function selectTop(
  note: readonly RawFinding[],
  regions: readonly FindingRegion[],
  starts: readonly number[],
  lines: LineIndex,
  suppressions: Suppression[],
  locale: Locale,
  limit: number,
): TopFindings {
  const suppressed = suppressions.length ? suppressionFilter(suppressions) : null;
  const hidden = (f: RawFinding, delta: number) => !!suppressed && suppressed(f.rule, lines.lineAt(f.span.start + delta));
  let total = 0;
  if (!suppressed) {
    total = note.length;
    for (let k = 0; k < regions.length; k++) total += regions[k].raw.length;
  } else {
    for (const f of note) if (!hidden(f, 0)) total++;
    for (let k = 0; k < regions.length; k++) for (const f of regions[k].raw) if (!hidden(f, starts[k])) total++;
  }
  const picked: { f: RawFinding; delta: number }[] = [];
  const want = Math.max(0, Math.floor(limit));
  if (want === 0 || total === 0) return { findings: [], total };

  const take = (f: RawFinding, delta: number) => {
    if (!hidden(f, delta)) picked.push({ f, delta });
  };
  for (const severity of BY_SEVERITY) {
    const rank = RANK[severity];
    // The note-wide findings are few and may lie anywhere: merged in by position as the regions go by.
    const loose = note.filter((f) => f.severity === severity);
    let next = 0;
    for (let k = 0; k < regions.length && picked.length < want; k++) {
      const raw = regions[k].raw;
      if (!raw.length || !countsOf(raw)[rank]) continue;
      const delta = starts[k];
      for (const f of raw) {
        if (f.severity !== severity) continue;
        while (next < loose.length && loose[next].span.start <= f.span.start + delta && picked.length < want) take(loose[next++], 0);
        if (picked.length >= want) break;
        take(f, delta);
        if (picked.length >= want) break;
      }
    }
    while (next < loose.length && picked.length < want) take(loose[next++], 0);
    if (picked.length >= want) break;
  }
  picked.sort((a, b) => compareAt(a.f, a.delta, b.f, b.delta));
  return { findings: picked.map(({ f, delta }) => placed(f, delta, lines, locale)), total };
}

/** {@link compareFindings} of two findings moved by their deltas, without moving them. */
function compareAt(a: RawFinding, da: number, b: RawFinding, db: number): number {
  const d = a.span.start + da - (b.span.start + db) || a.span.end + da - (b.span.end + db);
  return d || compareFindings(a, b);
}

/**
 * A finding placed in lines the last time it was returned: valid again while
 * it has the same offset and locale and the lines it spans start where they
 * did (each line checked with the next one's start, so no line break came
 * in between). On a keystroke most shown findings are before the edit, and
 * are returned as they were: no line search, no new object.
 */
interface Placed {
  delta: number;
  locale: Locale;
  finding: Finding;
  /** Line numbers and where each started. */
  lineStarts: number[];
}

const placedCache = new WeakMap<RawFinding, Placed>();

function placed(f: RawFinding, delta: number, lines: LineIndex, locale: Locale): Finding {
  const hit = placedCache.get(f);
  if (hit && hit.delta === delta && hit.locale === locale && sameLines(hit.lineStarts, lines)) return hit.finding;
  const finding = finalizeFindings([moveFinding(f, delta)], lines, [], locale)[0];
  const lineStarts: number[] = [];
  const note = (line: number) => {
    lineStarts.push(line, lines.offsetAt({ line, character: 0 }), lines.offsetAt({ line: line + 1, character: 0 }));
  };
  note(finding.range.start.line);
  if (finding.range.end.line !== finding.range.start.line) note(finding.range.end.line);
  for (const r of finding.related) {
    note(r.range.start.line);
    if (r.range.end.line !== r.range.start.line) note(r.range.end.line);
  }
  placedCache.set(f, { delta, locale, finding, lineStarts });
  return finding;
}

function sameLines(starts: readonly number[], lines: LineIndex): boolean {
  for (let i = 0; i < starts.length; i += 3) {
    const line = starts[i];
    if (lines.offsetAt({ line, character: 0 }) !== starts[i + 1] || lines.offsetAt({ line: line + 1, character: 0 }) !== starts[i + 2]) return false;
  }
  return true;
}

/**
 * What the last diagnostic says when a note has more findings than an editor
 * is sent: how many are not shown, and how to see them all.
 */
export function moreProblems(hidden: number, limit: number): Localized {
  // Grouped by hand: toLocaleString goes through ICU, a good part of a millisecond per call.
  const n = String(hidden).replace(/\B(?=(\d{3})+$)/g, ',');
  return loc(
    `${n} more MOT ${hidden === 1 ? 'problem is' : 'problems are'} not shown (the editor gets at most ${limit}, most severe first): run \`mot lint <file>\` to see them all, or raise the setting \`mot.maxProblems\`.`,
    `还有 ${n} 个关键时刻问题未显示（编辑器最多显示 ${limit} 个，按严重程度排列）：运行 \`mot lint <文件>\` 查看全部，或调高设置 \`mot.maxProblems\`。`,
  );
}

/** Whether two lists of findings would show the same to a user: rule, severity, range, message and related information. */
export function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x.rule !== y.rule || x.severity !== y.severity || x.message !== y.message || !sameRange(x.range, y.range) || x.related.length !== y.related.length) return false;
    for (let k = 0; k < x.related.length; k++) {
      const p = x.related[k];
      const q = y.related[k];
      if (!sameRange(p.range, q.range) || p.message.en !== q.message.en || p.message['zh-cn'] !== q.message['zh-cn']) return false;
    }
  }
  return true;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** What an editor that shows at most a number of diagnostics is sent. */
export interface EditorFindings {
  /** The findings to show, in document order. */
  findings: Finding[];
  /** Findings left out (0 when all fit); when some are, one place is kept for saying so. */
  hidden: number;
  /** How many findings the note has in all. */
  total: number;
}

/**
 * The findings of `analysis` for an editor that shows at most `max`
 * diagnostics: all of them when they fit; otherwise the `max − 1` most
 * severe (then first in the note), leaving the last place to the diagnostic
 * that says how many more there are ({@link moreProblems}).
 */
export function topFindings(analysis: { top(limit: number): TopFindings }, max: number): EditorFindings {
  const limit = Math.max(1, Math.floor(max));
  const top = analysis.top(limit);
  if (top.total <= limit) return { findings: top.findings, hidden: 0, total: top.total };
  // The least severe, last of the chosen gives its place up: the same as choosing one fewer.
  const findings = top.findings;
  let worst = 0;
  for (let i = 1; i < findings.length; i++) {
    const d = RANK[findings[i].severity] - RANK[findings[worst].severity];
    if (d > 0 || (d === 0 && compareFindings(findings[i], findings[worst]) > 0)) worst = i;
  }
  if (findings.length) findings.splice(worst, 1);
  return { findings, hidden: top.total - findings.length, total: top.total };
}
