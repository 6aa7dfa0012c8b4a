/**
 * A small reader for VS Code's snippet syntax (the TextMate one), enough to
 * expand our snippets the way pressing Tab through them without typing does:
 * every placeholder keeps its default, a choice its first option, a mirrored
 * tab stop (`$1` after `${1:x}`) the value of its placeholder, `$0` nothing.
 * Anything else in the syntax (transforms, unknown variables) is an error, so
 * a typo in a snippet fails the test instead of expanding to something odd.
 */

export type SnippetNode =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; children?: SnippetNode[]; choices?: string[] }
  | { kind: 'variable'; name: string; children?: SnippetNode[] };

export class SnippetSyntaxError extends Error {}

/** Parses a snippet body (lines already joined with `\n`). */
export function parseSnippet(body: string): SnippetNode[] {
  let pos = 0;

  function fail(message: string): never {
    throw new SnippetSyntaxError(`${message} at offset ${pos} of ${JSON.stringify(body)}`);
  }

  /** Text and nodes up to the end, or up to the `}` that closes a placeholder. */
  function parseNodes(insidePlaceholder: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (pos < body.length) {
      const ch = body[pos];
      if (ch === '\\' && pos + 1 < body.length && '$}\\'.includes(body[pos + 1])) {
        text += body[pos + 1];
        pos += 2;
      } else if (ch === '}' && insidePlaceholder) {
        flush();
        return nodes;
      } else if (ch === '$') {
        const node = parseDollar();
        if (node) {
          flush();
          nodes.push(node);
        } else {
          text += '$';
          pos++;
        }
      } else {
        text += ch;
        pos++;
      }
    }
    if (insidePlaceholder) fail('unclosed placeholder');
    flush();
    return nodes;
  }

  /** A construct starting at `$`, or undefined when the `$` is plain text. */
  function parseDollar(): SnippetNode | undefined {
    const rest = body.slice(pos + 1);
    const simple = /^(\d+)|^([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (simple) {
      pos += 1 + simple[0].length;
      return simple[1] !== undefined
        ? { kind: 'tabstop', index: Number(simple[1]) }
        : { kind: 'variable', name: simple[2] };
    }
    const braced = /^\{(?:(\d+)|([A-Za-z_][A-Za-z0-9_]*))/.exec(rest);
    if (!braced) return undefined;
    pos += 1 + braced[0].length;
    const next = body[pos];
    if (braced[1] !== undefined) {
      const index = Number(braced[1]);
      if (next === '}') {
        pos++;
        return { kind: 'tabstop', index };
      }
      if (next === ':') {
        pos++;
        const children = parseNodes(true);
        pos++;
        return { kind: 'tabstop', index, children };
      }
      if (next === '|') {
        pos++;
        const choices = parseChoices();
        return { kind: 'tabstop', index, choices };
      }
      fail(`unsupported tab stop syntax ${JSON.stringify(next)}`);
    }
    const name = braced[2];
    if (next === '}') {
      pos++;
      return { kind: 'variable', name };
    }
    if (next === ':') {
      pos++;
      const children = parseNodes(true);
      pos++;
      return { kind: 'variable', name, children };
    }
    fail(`unsupported variable syntax ${JSON.stringify(next)}`);
  }

  /** The options of `${1|a,b|}`, after the first `|`; `\,` `\|` `\$` `\}` `\\` are escapes. */
  function parseChoices(): string[] {
    const choices: string[] = [];
    let current = '';
    while (pos < body.length) {
      const ch = body[pos];
      if (ch === '\\' && pos + 1 < body.length && ',|$}\\'.includes(body[pos + 1])) {
        current += body[pos + 1];
        pos += 2;
      } else if (ch === ',') {
        choices.push(current);
        current = '';
        pos++;
      } else if (ch === '|' && body[pos + 1] === '}') {
        choices.push(current);
        pos += 2;
        return choices;
      } else {
        current += ch;
        pos++;
      }
    }
    fail('unclosed choice');
  }

  return parseNodes(false);
}

/** Tab stop indices (without `$0`) in the order the cursor first meets them. */
export function tabStopOrder(nodes: SnippetNode[]): number[] {
  const order: number[] = [];
  const walk = (list: SnippetNode[]) => {
    for (const node of list) {
      if (node.kind === 'tabstop' && node.index !== 0 && !order.includes(node.index)) order.push(node.index);
      if (node.kind !== 'text' && node.children) walk(node.children);
    }
  };
  walk(nodes);
  return order;
}

/** The text inserted when every placeholder keeps its default. */
export function expandSnippet(body: string, variables: Readonly<Record<string, string>>): string {
  const nodes = parseSnippet(body);
  const defaults = new Map<number, string>();

  const render = (list: SnippetNode[]): string =>
    list
      .map((node) => {
        switch (node.kind) {
          case 'text':
            return node.value;
          case 'variable': {
            const value = variables[node.name];
            if (value === undefined) throw new SnippetSyntaxError(`unknown variable $${node.name}`);
            return value;
          }
          case 'tabstop':
            return defaults.get(node.index) ?? '';
        }
      })
      .join('');

  // VS Code fills every occurrence of a tab stop with the placeholder's value,
  // wherever the placeholder itself stands.
  const collect = (list: SnippetNode[]) => {
    for (const node of list) {
      if (node.kind === 'text') continue;
      if (node.children) collect(node.children);
      if (node.kind === 'tabstop' && !defaults.has(node.index)) {
        if (node.choices) defaults.set(node.index, node.choices[0] ?? '');
        else if (node.children) defaults.set(node.index, render(node.children));
      }
    }
  };
  collect(nodes);
  return render(nodes);
}
