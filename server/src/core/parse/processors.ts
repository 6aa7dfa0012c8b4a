import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import type { Root } from 'mdast';

/** A unified processor that parses Markdown into mdast. */
export type MarkdownParser = Processor<Root>;

/** remark-parse + GFM + YAML front matter: the reference parse. */
export const fullProcessor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']) as unknown as MarkdownParser;
/** remark-parse + GFM, for text whose front matter was blanked out. */
export const fullBodyProcessor = unified().use(remarkParse).use(remarkGfm) as unknown as MarkdownParser;

/**
 * GFM's literal autolinks (`www.x.com`, `https://…`, `a@b.com`) are most of
 * the parse: the email construct is tried at every letter and digit, which
 * also cuts every run of plain text into one-character chunks. A construct
 * can only match where its trigger is in the text, so for a text without
 * that trigger the same parse without the construct gives the same tree, and
 * a much quicker one. The triggers are supersets of what each construct (and
 * mdast-util-gfm-autolink-literal's text transform) needs: an `@` after an
 * email character; `www.`; `http://` or `https://`, in any casing.
 */
const TRIGGERS = [
  { construct: 'emailAutolink', present: (t: string) => /[A-Za-z0-9+._-]@/.test(t) },
  { construct: 'wwwAutolink', present: (t: string) => /www\./i.test(t) },
  { construct: 'protocolAutolink', present: (t: string) => /https?:\/\//i.test(t) },
] as const;

const variants = new Map<string, MarkdownParser>();

/** The parser for `text` (exactly the text that will be parsed): GFM without the literal-autolink constructs that cannot match in it. */
export function parserFor(text: string, frontMatter: boolean): MarkdownParser {
  const absent = TRIGGERS.filter((t) => !t.present(text)).map((t) => t.construct);
  if (!absent.length) return frontMatter ? fullProcessor : fullBodyProcessor;
  const key = `${frontMatter}:${absent.join()}`;
  let parser = variants.get(key);
  if (!parser) {
    const base = unified().use(remarkParse).use(remarkGfm);
    parser = (frontMatter ? base.use(remarkFrontmatter, ['yaml']) : base).use(withoutConstructs, absent) as unknown as MarkdownParser;
    parser.freeze();
    variants.set(key, parser);
  }
  return parser;
}

interface Construct {
  name?: string;
}
type ConstructRecord = Record<string, Construct | Construct[] | undefined>;

/**
 * A unified plugin (used after remark-gfm) that removes the named text
 * constructs from the micromark extensions, and, once none of the literal
 * autolinks is left, the tree transform that looks for them in every text
 * node again (mdast-util-gfm-autolink-literal's `transforms`: a sixth of the
 * parse of a typical note).
 */
function withoutConstructs(this: Processor, names: readonly string[]): void {
  const data = this.data() as { fromMarkdownExtensions?: unknown[] };
  if (TRIGGERS.every((t) => names.includes(t.construct)) && data.fromMarkdownExtensions) {
    data.fromMarkdownExtensions = data.fromMarkdownExtensions.map(withoutAutolinkTransform);
  }
  const extensions = ((this.data() as { micromarkExtensions?: unknown[] }).micromarkExtensions ?? []) as { text?: ConstructRecord }[];
  for (let i = 0; i < extensions.length; i++) {
    const { text } = extensions[i];
    if (!text) continue;
    const kept: ConstructRecord = {};
    for (const [code, value] of Object.entries(text)) {
      const list = (Array.isArray(value) ? value : value ? [value] : []).filter((c) => !names.includes(c.name ?? ''));
      if (list.length) kept[code] = list;
    }
    extensions[i] = { ...extensions[i], text: kept };
  }
}

/** A from-markdown extension (or list of them) without the literal-autolink transform; it is known by the tokens it handles, which minifying keeps. */
function withoutAutolinkTransform(extension: unknown): unknown {
  if (Array.isArray(extension)) return extension.map(withoutAutolinkTransform);
  const ext = extension as { enter?: Record<string, unknown>; transforms?: unknown[] } | null;
  if (!ext?.enter || !('literalAutolink' in ext.enter) || !ext.transforms) return extension;
  return { ...ext, transforms: [] };
}
