/**
 * Real Markdown stays silent (issue 11): every `*.md` under node_modules —
 * hundreds of READMEs, change logs and docs written by others — copied to a
 * temporary folder (folder search skips node_modules) and linted with the
 * bundled CLI gives no finding and writes nothing to stderr.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { bundled } from './bundle.js';
import { listFiles, ROOT } from './helpers.js';

describe('real Markdown that is no call note', () => {
  let dir: string;
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('gets no finding and no stderr from mot-lint over every *.md of node_modules', function () {
    this.timeout(300_000);
    dir = mkdtempSync(join(tmpdir(), 'mot-silence-'));
    const files = listFiles(join(ROOT, 'node_modules'), '.md');
    assert.ok(files.length > 200, `only ${files.length} Markdown files under node_modules`);
    for (const file of files) {
      // Package folders keep their names, minus "node_modules", which the folder search would skip.
      const target = join(dir, relative(join(ROOT, 'node_modules'), file).replace(/(^|[\\/])node_modules(?=[\\/])/g, '$1nm'));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(file, target);
    }
    const run = spawnSync(process.execPath, [bundled('cli.js'), '--format', 'json', '--today', '2026-12-01', dir], { encoding: 'utf8', cwd: dir, maxBuffer: 64 << 20 });
    assert.equal(run.stderr, '');
    const findings = JSON.parse(run.stdout) as { file: string; line: number; rule: string; message: string }[];
    assert.deepEqual(findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`), []);
    assert.equal(run.status, 0);
  });
});
