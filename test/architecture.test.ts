/**
 * The import rules of .dependency-cruiser.cjs: no import cycle (type-only
 * imports count), and the layers apart (a core without editor, protocol or
 * Node APIs; CLI and server independent; a client that shares only the
 * protocol module with the server). dependency-cruiser reads the imports
 * with the TypeScript compiler; a failure lists every violation with its
 * path, as `npx depcruise server/src client/src` does.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { ROOT } from './helpers.js';

const SOURCES = ['server/src', 'client/src'];

/** Cruises `SOURCES` below `baseDir` with the repository's rules. */
async function violations(baseDir: string): Promise<IViolation[]> {
  const options = (await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'))) as ICruiseOptions;
  const result = await cruise(SOURCES, { ...options, baseDir }, undefined, { tsConfig: extractTSConfig(join(ROOT, 'tsconfig.json')) });
  return (result.output as ICruiseResult).summary.violations;
}

/** A violation as one line: the rule, then the import (for a cycle, the whole way round). */
function describeViolation(v: IViolation): string {
  const way = v.cycle?.length ? [v.from, ...v.cycle.map((step) => step.name)] : [v.from, v.to];
  return `${v.rule.name}: ${way.join(' → ')}`;
}

describe('architecture: imports (dependency-cruiser)', function () {
  // The first cruise loads the TypeScript compiler: a few seconds on a slow machine.
  this.timeout(60000);
  let found: IViolation[];
  before(async () => {
    found = await violations(ROOT);
  });

  it('has no import cycle', () => {
    const cycles = found.filter((v) => v.rule.name === 'no-circular').map(describeViolation);
    assert.deepEqual(cycles, [], `import cycles:\n${cycles.join('\n')}`);
  });

  it('keeps the layers apart', () => {
    const layering = found.filter((v) => v.rule.name !== 'no-circular').map(describeViolation);
    assert.deepEqual(layering, [], `forbidden imports:\n${layering.join('\n')}`);
  });

  describe('the rules catch what they forbid', () => {
    let tree: string;
    const write = (files: Record<string, string>) => {
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(join(tree, dirname(name)), { recursive: true });
        writeFileSync(join(tree, name), text);
      }
    };
    beforeEach(() => {
      tree = mkdtempSync(join(tmpdir(), 'mot-arch-'));
    });
    afterEach(() => rmSync(tree, { recursive: true, force: true }));

    it('reports each layer violation by rule, and a cycle with its way round', async () => {
      write({
        'server/src/core/a.ts': [
          "import { readFileSync } from 'node:fs';",
          "import { join } from 'path';",
          "import type { Diagnostic } from 'vscode-languageserver';",
          "import { b } from './b.js';",
          "import { run } from '../cli/run.js';",
          'export const a = [readFileSync, join, b, run] as unknown as Diagnostic;',
        ].join('\n'),
        'server/src/core/b.ts': "import type { a } from './a.js';\nexport const b = 1 as unknown as typeof a;\n",
        'server/src/cli/run.ts': "import { serve } from '../lsp/serve.js';\nexport const run = serve;\n",
        'server/src/lsp/serve.ts': "import { help } from '../cli/help.js';\nexport const serve = help;\n",
        'server/src/cli/help.ts': 'export const help = 1;\n',
        'server/src/protocol.ts': 'export const METHOD = "mot/documentStatus";\n',
        'client/src/extension.ts': [
          "import { METHOD } from '../../server/src/protocol.js';",
          "import { help } from '../../server/src/cli/help.js';",
          'export const x = [METHOD, help];',
        ].join('\n'),
      });
      const lines = (await violations(tree)).map(describeViolation).sort();
      // One line per module a cycle is found from (here both ways round would be
      // the same cycle, so one); node:fs is reported by its built-in name, fs.
      assert.deepEqual(lines, [
        'cli-not-lsp: server/src/cli/run.ts → server/src/lsp/serve.ts',
        'client-only-protocol: client/src/extension.ts → server/src/cli/help.ts',
        'core-is-the-bottom-layer: server/src/core/a.ts → server/src/cli/run.ts',
        'core-no-editor-api: server/src/core/a.ts → vscode-languageserver',
        'core-no-node-builtins: server/src/core/a.ts → fs',
        'core-no-node-builtins: server/src/core/a.ts → path',
        'lsp-not-cli: server/src/lsp/serve.ts → server/src/cli/help.ts',
        'no-circular: server/src/core/a.ts → server/src/core/b.ts → server/src/core/a.ts',
      ]);
    });
  });
});
