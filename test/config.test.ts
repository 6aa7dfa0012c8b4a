import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, ConfigError, mergeConfig, parseConfig } from '../server/src/core/index.js';
import { ConfigResolver } from '../server/src/node/configFiles.js';

describe('configuration', () => {
  it('parses rules, aliases and files', () => {
    const c = parseConfig('{ "rules": { "missing-score": "warning", "vague-action": "off" }, "stepAliases": { "Offer": ["Proposal"] }, "files": ["**/*.notes.md"] }', 'x');
    assert.deepEqual(c, { rules: { 'missing-score': 'warning', 'vague-action': 'off' }, stepAliases: { Offer: ['Proposal'] }, files: ['**/*.notes.md'] });
  });

  const bad: [string, string, number, number, RegExp][] = [
    ['syntax error', '{\n  "rules": { "missing-step": "warning" \n}', 3, 2, /invalid JSON/],
    ['unknown rule', '{\n  "rules": {\n    "missing-stepz": "off"\n  }\n}', 3, 5, /unknown rule id "missing-stepz"/],
    ['bad severity', '{ "rules": { "missing-step": "loud" } }', 1, 30, /bad severity for "missing-step"/],
    ['unknown key', '{ "rule": {} }', 1, 3, /unknown setting "rule"/],
    ['bad step', '{ "stepAliases": { "Propose": ["x"] } }', 1, 20, /unknown step "Propose"/],
    ['not an object', '[]', 1, 1, /expected an object/],
  ];
  for (const [name, text, line, column, pattern] of bad) {
    it(`rejects ${name} with file, line and column`, () => {
      assert.throws(
        () => parseConfig(text, '/notes/.motrc.json'),
        (e: unknown) => {
          assert.ok(e instanceof ConfigError);
          assert.equal(e.file, '/notes/.motrc.json');
          assert.deepEqual([e.line, e.column], [line, column], e.message);
          assert.match(e.message, pattern);
          assert.ok(e.message.startsWith(`/notes/.motrc.json:${line}:${column}: `));
          return true;
        },
      );
    });
  }

  it('finds the nearest .motrc.json upwards and resolves files globs from its folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'mot-config-'));
    mkdirSync(join(root, 'team', 'acme'), { recursive: true });
    writeFileSync(join(root, '.motrc.json'), '{ "files": ["team/**/*.md"] }');
    const resolver = new ConfigResolver({ defaultRoot: '/' });
    const r = resolver.resolve(join(root, 'team', 'acme', 'n.md'));
    assert.equal(r.file, join(root, '.motrc.json'));
    assert.equal(r.rootDir, root);
    const text = '## Explore\n- Business win: a\n';
    const a = analyze(text, { path: join(root, 'team', 'acme', 'n.md'), rootDir: r.rootDir, config: r.config, today: '2026-01-01' });
    assert.equal(a.isCallNote, true, 'a path match with one step makes a call note');
    assert.ok(a.findings.some((f) => f.rule === 'missing-step'));
  });

  it('reports an invalid .motrc.json for the files below it', () => {
    const root = mkdtempSync(join(tmpdir(), 'mot-config-'));
    writeFileSync(join(root, '.motrc.json'), '{ "rules": { "nope": "off" } }');
    assert.throws(() => new ConfigResolver({ defaultRoot: root }).resolve(join(root, 'a.md')), /\.motrc\.json:1:14: unknown rule id "nope"/);
  });

  it('turns a rule off and changes a severity', () => {
    const text = '# Call\n## Explore\n- Business win: a\n- Personal win: b\n- Expectation: c\n## Offer\n- [O1] x\n## Action\n- [ ] O1 do it\n## Confirm\n- O1 ok\n';
    const base = analyze(text, { today: '2026-01-01' }).findings.map((f) => `${f.rule}:${f.severity}`);
    assert.deepEqual(base, ['vague-action:info']);
    const changed = analyze(text, { today: '2026-01-01', config: mergeConfig({ rules: { 'vague-action': 'error', 'missing-score': 'hint' } }) });
    assert.deepEqual(changed.findings.map((f) => `${f.rule}:${f.severity}`), ['missing-score:hint', 'vague-action:error']);
    const off = analyze(text, { today: '2026-01-01', config: mergeConfig({ rules: { 'vague-action': 'off' } }) });
    assert.deepEqual(off.findings, []);
  });
});
