import type { Span } from '../types.js';
import { LIMITS } from '../limits.js';

/** Runs a step generator to its end. */
export function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}


/**
 * Splits a Markdown text into heading sections with a line scan, so that each
 * section can be parsed on its own and reused while the rest of the file is
 * edited. A section starts at an ATX heading in column 0 outside front matter,
 * fenced code and HTML blocks: such a line closes any open list, quote,
 * paragraph or table, so parsing from it on gives what a whole-file parse gives.
 *
 * The scan errs towards not splitting (one section too many merged costs only
 * time); the parser later verifies the one case the scan can get wrong the other
 * way, a code or HTML block still open at the end of a section.
 *
 * The scan starts at `from`, which must be a section start (or 0), and stops
 * at the first section start for which `stop` says yes (`stoppedAt`); the
 * sections then end there. It pauses every 64K characters, so that a 10 MB
 * note is scanned in steps.
 */
export function* splitSectionsSteps(text: string, from: number, stop?: (start: number) => boolean): Generator<void, { sections: Span[]; stoppedAt: number | null }, void> {
  const sections: Span[] = [];
  const n = text.length;
  let sectionStart = from;
  let pos = from;
  let fence: { char: string; length: number } | null = null;
  let html: RegExp | 'blank' | null = null;

  if (from === 0 && startsFrontMatter(text)) {
    // Front matter stays with the first section; skip past its closing fence.
    pos = nextLine(text, 0);
    while (pos < n) {
      const end = lineEnd(text, pos);
      const line = text.slice(pos, end);
      pos = nextLine(text, pos);
      // remark-frontmatter closes YAML on `---` only (not YAML's `...`).
      if (/^---[ \t]*$/.test(line)) break;
    }
  }

  let pause = pos + LIMITS.scanStepChars;
  while (pos < n) {
    if (pos > pause) {
      yield;
      pause = pos + LIMITS.scanStepChars;
    }
    const end = lineEnd(text, pos);
    const next = nextLineAfter(text, end);
    // Most lines start with a letter, a list marker or a pipe: only a few first
    // characters can open or close anything the scan tracks.
    let first = pos;
    while (first < end && text.charCodeAt(first) === 32 && first - pos < 4) first++;
    const c = text.charCodeAt(first);
    const interesting = c === 35 /* # */ || c === 96 /* ` */ || c === 126 /* ~ */ || c === 60 /* < */;
    if (fence) {
      if (c === 96 || c === 126) {
        const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(text.slice(pos, end));
        if (close && close[1][0] === fence.char && close[1].length >= fence.length) fence = null;
      }
    } else if (html) {
      const line = text.slice(pos, end);
      if (html === 'blank' ? /^[ \t]*$/.test(line) : html.test(line)) html = null;
    } else if (interesting && first - pos < 4) {
      const line = text.slice(pos, end);
      const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
      if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
        fence = { char: open[1][0], length: open[1].length };
      } else if (c === 35 && first === pos && /^#{1,6}(?:[ \t]|$)/.test(line) && pos > sectionStart) {
        sections.push({ start: sectionStart, end: pos });
        sectionStart = pos;
        if (stop?.(pos)) return { sections, stoppedAt: pos };
      } else if (c === 60) {
        html = htmlBlockEnd(line);
        // Block kinds 1-5 may end on the line that opens them.
        if (html instanceof RegExp && html.test(line.replace(/^ *<(?:!--|\?|!\[CDATA\[|!)/, ''))) html = null;
      }
    }
    pos = next;
  }
  sections.push({ start: sectionStart, end: n });
  return { sections, stoppedAt: null };
}

/** True when the text opens with a YAML front matter fence. */
export function startsFrontMatter(text: string): boolean {
  return /^\uFEFF?---[ \t]*(?:\r\n|\r|\n)/.test(text);
}

/**
 * For a line that starts an HTML block (CommonMark kinds 1-7), what ends it: a
 * pattern for kinds 1-5, `'blank'` for 6-7 (a blank line). Kind 7 cannot
 * interrupt a paragraph, which the scan does not track; treating it as open
 * only merges sections, never splits wrongly.
 */
function htmlBlockEnd(line: string): RegExp | 'blank' | null {
  if (!/^ {0,3}</.test(line)) return null;
  const s = line.trimStart();
  if (/^<(?:script|pre|style|textarea)(?:[\s>]|$)/i.test(s)) return /<\/(?:script|pre|style|textarea)>/i;
  if (s.startsWith('<!--')) return /-->/;
  if (s.startsWith('<?')) return /\?>/;
  if (s.startsWith('<![CDATA[')) return /\]\]>/;
  if (/^<![A-Za-z]/.test(s)) return />/;
  if (/^<\/?[A-Za-z][A-Za-z0-9-]*/.test(s)) return 'blank';
  return null;
}

function lineEnd(text: string, pos: number): number {
  let i = pos;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    i++;
  }
  return i;
}

function nextLine(text: string, pos: number): number {
  return nextLineAfter(text, lineEnd(text, pos));
}

function nextLineAfter(text: string, end: number): number {
  if (end >= text.length) return text.length;
  return text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
}
