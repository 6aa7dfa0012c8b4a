import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES, RULE_IDS } from '../server/src/core/index.js';
import { generated } from '../scripts/generate.js';
import { expectedFindings, listFiles, ROOT } from './helpers.js';

describe('meta: rules, docs and fixtures stay in step', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const fixtureExpectations = listFiles(join(ROOT, 'test/fixtures'), '.md').flatMap((f) => expectedFindings(readFileSync(f, 'utf8')));
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/motrc.schema.json'), 'utf8'));

  it('keeps the core free of VS Code and language-server imports', () => {
    for (const file of listFiles(join(ROOT, 'server/src/core'), '.ts')) {
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /from ['"](?:vscode|vscode-languageserver(?:\/[^'"]*)?|vscode-languageclient[^'"]*)['"]/, file);
    }
  });

  it('keeps one file per rule and per editor feature', () => {
    const ruleFiles = listFiles(join(ROOT, 'server/src/core/rules'), '.ts').map((f) => f.split('/').pop());
    for (const id of RULE_IDS) assert.ok(ruleFiles.includes(`${id}.ts`), `no rules/${id}.ts`);
  });

  it('registers every rule of the contract (docs/format.md), in its order, and no other without a file', () => {
    const format = readFileSync(join(ROOT, 'docs/format.md'), 'utf8');
    const contract = [...format.slice(format.indexOf('## The rules')).matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    assert.deepEqual(RULES.map((r) => r.id).slice(0, contract.length), contract);
    assert.deepEqual(RULES.map((r) => r.id), [...RULE_IDS]);
  });

  it('has every generated file in step with the rule registry (npm run generate)', async () => {
    for (const { path, content } of await generated()) {
      assert.equal(readFileSync(join(ROOT, path), 'utf8'), content, `${path} is stale: run npm run generate`);
    }
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      it('has a documentation page with an example and a fix, in both languages', () => {
        const page = join(ROOT, 'docs/rules', `${rule.id}.md`);
        assert.ok(existsSync(page), `docs/rules/${rule.id}.md is missing`);
        const text = readFileSync(page, 'utf8');
        assert.match(text, new RegExp(`^# ${rule.id}`, 'm'));
        assert.match(text, /```markdown/);
        assert.match(text, /中文/);
      });
      it('has a summary in English and Chinese', () => {
        assert.ok(rule.summary.en.length > 10 && /[\u4e00-\u9fff]/.test(rule.summary['zh-cn']));
      });
      it('is triggered by a fixture', () => {
        assert.ok(fixtureExpectations.some((e) => e.endsWith(`:${rule.id}`)), `no fixture expects ${rule.id}`);
      });
      it('has a row in the README rules table with its default severity', () => {
        assert.match(readme, new RegExp(`^\\| \\[\`${rule.id}\`\\]\\(docs/rules/${rule.id}\\.md\\) \\| ${rule.defaultSeverity} \\|`, 'm'));
      });
      it('is in the .motrc.json schema', () => {
        assert.ok(schema.properties.rules.properties[rule.id]);
      });
    });
  }
});
