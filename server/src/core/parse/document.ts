import { splitSections } from './split.js';
import { parseSection } from './parseSection.js';
import type { SectionSyntax } from './syntax.js';

/**
 * Parsed sections keyed by their text, so an edit re-parses only the sections
 * it touched. Each analysis starts a new generation; entries not used by it
 * are dropped, so the cache never holds more than one version of a document.
 */
export class SectionCache {
  private current = new Map<string, SectionSyntax>();
  private next = new Map<string, SectionSyntax>();
  /** Sections parsed (cache misses) in the last analysis. */
  parsedCount = 0;
  /** Sections reused (cache hits) in the last analysis. */
  reusedCount = 0;

  /** @internal */
  begin(): void {
    this.next = new Map();
    this.parsedCount = 0;
    this.reusedCount = 0;
  }

  /** @internal */
  get(text: string): SectionSyntax {
    let syntax = this.next.get(text);
    if (syntax) return syntax;
    syntax = this.current.get(text);
    if (syntax) this.reusedCount++;
    else {
      syntax = parseSection(text);
      ids.set(syntax, ++lastId);
      this.parsedCount++;
    }
    this.next.set(text, syntax);
    return syntax;
  }

  /** @internal */
  end(): void {
    this.current = this.next;
    this.next = new Map();
  }
}

/** One parsed section of a document: its syntax, offsets relative to `base`. */
export interface SectionPiece {
  base: number;
  end: number;
  syntax: SectionSyntax;
}

const ids = new WeakMap<SectionSyntax, number>();
let lastId = 0;

/** A number that identifies a parsed section for as long as it is cached. */
export function sectionId(syntax: SectionSyntax): number {
  let id = ids.get(syntax);
  if (id === undefined) {
    id = ++lastId;
    ids.set(syntax, id);
  }
  return id;
}

/**
 * Parses a document section by section (see {@link splitSections}), reusing
 * `cache` when given. A section whose code or HTML block is still open at its
 * end is parsed together with the next one, so the pieces equal a parse of
 * the whole text.
 */
export function parseSections(text: string, cache?: SectionCache): SectionPiece[] {
  const spans = splitSections(text);
  const local = cache ?? new SectionCache();
  local.begin();
  const pieces: SectionPiece[] = [];
  try {
    let i = 0;
    while (i < spans.length) {
      const start = spans[i].start;
      let j = i;
      let syntax = local.get(text.slice(start, spans[j].end));
      while (syntax.openAtEnd && j + 1 < spans.length) {
        j++;
        syntax = local.get(text.slice(start, spans[j].end));
      }
      pieces.push({ base: start, end: spans[j].end, syntax });
      i = j + 1;
    }
  } finally {
    local.end();
  }
  return pieces;
}

/** Joins section pieces into one syntax with offsets relative to `origin`; front matter only from a piece at 0. */
export function flattenSections(pieces: readonly SectionPiece[], origin = 0, keepFrontMatter = true): SectionSyntax {
  const out: SectionSyntax = {
    headings: [],
    items: [],
    paragraphs: [],
    tables: [],
    html: [],
    blocks: [],
    frontMatter: null,
    openAtEnd: false,
  };
  for (const p of pieces) {
    append(out, p.syntax, p.base - origin);
    if (!keepFrontMatter) out.frontMatter = null;
  }
  return out;
}

/**
 * Parses a whole document section by section, reusing `cache` when given,
 * and returns the extracted syntax with offsets relative to the document. The
 * result equals that of parsing the whole text at once.
 */
export function parseDocument(text: string, cache?: SectionCache): SectionSyntax {
  return flattenSections(parseSections(text, cache));
}

function append(out: SectionSyntax, s: SectionSyntax, base: number): void {
  if (s.frontMatter && base === 0) out.frontMatter = s.frontMatter;
  if (base === 0) {
    // Nothing to shift: share the cached objects, which nobody mutates.
    out.headings.push(...s.headings);
    out.items.push(...s.items);
    out.paragraphs.push(...s.paragraphs);
    out.tables.push(...s.tables);
    out.html.push(...s.html);
    out.blocks.push(...s.blocks);
    return;
  }
  for (const h of s.headings) {
    out.headings.push({ ...h, start: h.start + base, end: h.end + base, textStart: h.textStart + base, textEnd: h.textEnd + base });
  }
  for (const it of s.items) {
    out.items.push({ ...it, start: it.start + base, end: it.end + base, textStart: it.textStart + base, textEnd: it.textEnd + base });
  }
  for (const p of s.paragraphs) out.paragraphs.push({ start: p.start + base, end: p.end + base });
  for (const t of s.tables) {
    out.tables.push({
      start: t.start + base,
      end: t.end + base,
      rows: t.rows.map((r) => ({
        start: r.start + base,
        end: r.end + base,
        cells: r.cells.map((c) => ({ start: c.start + base, end: c.end + base, textStart: c.textStart + base, textEnd: c.textEnd + base })),
      })),
    });
  }
  for (const h of s.html) out.html.push({ start: h.start + base, end: h.end + base, value: h.value });
  for (const b of s.blocks) out.blocks.push({ start: b.start + base, end: b.end + base, kind: b.kind });
}
