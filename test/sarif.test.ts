/**
 * `--format sarif`, checked by Microsoft's SARIF validator
 * (`sarif-multitool validate`, installed outside the repo by
 * scripts/setup-ci-tools.sh), and read back: every rule with its help and
 * documentation link, results at the JSON findings' places (UTF-16 columns),
 * severities mapped to SARIF levels.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Log } from 'sarif';
import { runCli, type JsonFinding } from '../server/src/cli/lint.js';
import { RULES } from '../server/src/core/index.js';
import { ROOT } from './helpers.js';
import { CLEAN_CALL, SKIPS_CONFIRM_NOTE } from './notes.js';

const TODAY = '2026-06-15';
const SARIF_VERSION = '5.7.0';

async function run(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, env: {}, version: '9.9.9', stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mot-sarif-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** Validates a SARIF file; returns the validator's errors and warnings as `ruleId: message arguments`. */
function validate(file: string): string[] {
  const tool = join(process.env.MOT_TOOLS_CACHE ?? join(homedir(), '.cache/mot-call-notes'), `sarif-multitool-${SARIF_VERSION}/node_modules/.bin/sarif-multitool`);
  const out = `${file}.validation.sarif`;
  const r = spawnSync(tool, ['validate', file, '--output', out, '--quiet', '--log', 'ForceOverwrite'], { encoding: 'utf8' });
  assert.equal(r.error, undefined);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8')) as Log;
  return report.runs
    .flatMap((run) => run.results ?? [])
    .filter((x) => x.level === 'error' || x.level === 'warning' || x.level === undefined)
    .map((x) => `${x.ruleId}: ${x.message.text ?? x.message.arguments?.join(' | ')}`);
}

describe('mot-lint --format sarif', function () {
  this.timeout(180000);

  before(() => {
    execFileSync('bash', [join(ROOT, 'scripts/setup-ci-tools.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  });

  const files = {
    '.motrc.json': '{ "rules": { "vague-action": "hint" } }',
    'notes/a.call.md': SKIPS_CONFIRM_NOTE.replace('- [x] O1 Demo given @nancy', '- [ ] O1 Send the deck @nancy'),
    'notes/📞 笔记 (1).call.md': CLEAN_CALL.replace('# Call with Stephen', '# 📞 与 Stephen 通话').replace('Score: +2', 'Score: +5').replace('- [O1] Demo', '- [O1] 📞 演示 Demo').replace(/## Confirm[\s\S]*?\n\n/, ''),
  };

  it('passes Microsoft SARIF validator', async () => {
    const dir = workspace(files);
    const r = await run(['--format', 'sarif', '--today', TODAY, 'notes'], dir);
    assert.equal(r.code, 1, r.stderr);
    const file = join(dir, 'out.sarif');
    writeFileSync(file, r.stdout);
    assert.deepEqual(validate(file), []);
  });

  it('the validator does reject a broken log', () => {
    const dir = workspace({});
    const file = join(dir, 'broken.sarif');
    // The validator passes, without a word, a log it cannot read into its object model (a level outside
    // the enum, for one): the levels are therefore also compared with the JSON severities below.
    const region = { startLine: 0, startColumn: 1 };
    const result = { ruleId: 'x', level: 'warning', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.md' }, region } }] };
    writeFileSync(file, JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [result] }] }));
    assert.ok(validate(file).length > 0);
  });

  it('describes every rule, and places and grades results as the JSON does', async () => {
    const dir = workspace(files);
    const log = JSON.parse((await run(['--format', 'sarif', '--today', TODAY, 'notes'], dir)).stdout) as Log;
    const expected = JSON.parse((await run(['--format', 'json', '--today', TODAY, 'notes'], dir)).stdout) as JsonFinding[];
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const [sarifRun] = log.runs;
    assert.equal(sarifRun.columnKind, 'utf16CodeUnits');
    const rules = sarifRun.tool.driver.rules ?? [];
    assert.deepEqual(
      rules.map((r) => r.id),
      RULES.map((r) => r.id),
    );
    for (const rule of rules) {
      assert.match(rule.helpUri ?? '', new RegExp(`/docs/rules/${rule.id}\\.md$`));
      assert.ok(existsSync(join(ROOT, 'docs/rules', `${rule.id}.md`)));
      assert.ok((rule.help?.markdown ?? '').length > 100, `${rule.id} has its page as help`);
      assert.ok(rule.shortDescription?.text);
    }
    const level = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;
    const results = sarifRun.results ?? [];
    assert.equal(results.length, expected.length);
    results.forEach((result, i) => {
      const f = expected[i];
      const location = result.locations?.[0]?.physicalLocation;
      assert.equal(result.ruleId, f.rule);
      assert.equal(rules[result.ruleIndex ?? -1]?.id, f.rule);
      assert.equal(result.level, level[f.severity]);
      assert.equal(result.message.text, f.message);
      assert.equal(decodeURIComponent(location?.artifactLocation?.uri ?? ''), f.file);
      assert.equal(location?.artifactLocation?.uriBaseId, '%SRCROOT%');
      assert.deepEqual(location?.region, { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn });
    });
    assert.ok(results.some((r) => r.level === 'note'));
    // The offer's item ends its line, which holds an emoji (two UTF-16 code units) and CJK text.
    const offer = expected.find((f) => f.file.includes('📞') && f.rule === 'unconfirmed-offer');
    const line = readFileSync(join(dir, offer!.file), 'utf8').split('\n')[offer!.line - 1];
    assert.match(line, /📞 演示/);
    assert.equal(offer!.endColumn, line.length + 1, 'UTF-16 columns');
    assert.equal(sarifRun.invocations?.[0]?.executionSuccessful, true);
  });

  it('reports files it could not read as tool notifications', async () => {
    const dir = workspace(files);
    const r = await run(['--format', 'sarif', '--today', TODAY, 'notes', 'missing.md'], dir);
    assert.equal(r.code, 2);
    const invocation = (JSON.parse(r.stdout) as Log).runs[0].invocations?.[0];
    assert.equal(invocation?.executionSuccessful, false);
    assert.match(invocation?.toolExecutionNotifications?.[0]?.message.text ?? '', /missing\.md/);
    const file = join(dir, 'out.sarif');
    writeFileSync(file, r.stdout);
    assert.deepEqual(validate(file), []);
  });
});
