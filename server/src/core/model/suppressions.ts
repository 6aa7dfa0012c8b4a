import type { HtmlSyntax } from '../parse/syntax.js';
import type { LineIndex } from '../text/lineIndex.js';
import type { Suppression } from './model.js';

const SUPPRESSION = /<!--\s*mot-(disable-next-line|disable-line|disable-file|disable|enable)\b([^]*?)-->/g;

/** The suppression comments among HTML nodes. */
export function readSuppressions(html: readonly HtmlSyntax[], lines: LineIndex, base = 0): Suppression[] {
  const out: Suppression[] = [];
  for (const node of html) {
    // Most HTML is `<br>` in record sheets; a suppression's `mot-` keyword is on one line, so it is in the value too.
    if (!node.value.includes('mot-')) continue;
    // Match on the source, not the node's value: in a list or quote the value
    // lost the tabs and `>` markers its lines carry, so its offsets drift.
    const source = lines.text.slice(node.start + base, node.end + base);
    for (const m of source.matchAll(SUPPRESSION)) {
      const start = node.start + base + m.index;
      const end = start + m[0].length;
      const kind = ({ 'disable-next-line': 'next-line', 'disable-line': 'line', 'disable-file': 'file', disable: 'disable', enable: 'enable' } as const)[
        m[1] as 'disable-next-line'
      ];
      out.push({ kind, rules: m[2].split(/[\s,]+/).filter(Boolean), line: lines.lineAt(end), span: { start, end } });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}
