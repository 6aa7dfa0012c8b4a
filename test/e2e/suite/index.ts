// Entry point the extension host loads as extensionTestsPath (bundled to
// dist/test/e2e/index.js by scripts/build-e2e.mjs). The suite files are bundled next
// to it as *.e2e.js, so the folder is their list.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000 });
  if (process.env.MOT_E2E_GREP) mocha.grep(process.env.MOT_E2E_GREP);
  // MOT_E2E_FILES=extension,screenshots runs only those suite files (runTest.ts sets
  // it for the .vsix pass, where the harness smoke test and the pictures add nothing).
  const only = process.env.MOT_E2E_FILES?.split(',').map((f) => f.trim()).filter(Boolean);
  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith('.e2e.js'))
    .filter((name) => !only?.length || only.includes(name.slice(0, -'.e2e.js'.length)))
    .sort();
  for (const name of files) mocha.addFile(join(__dirname, name));

  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0 } = runner.stats ?? {};
      // A plain count line that CI output readers recognise, since mocha's own
      // summary ("N passing") arrives here wrapped in the workbench's log format.
      const pass = process.env.MOT_E2E_PASS ? ` [${process.env.MOT_E2E_PASS}]` : '';
      console.log(`e2e${pass}: ${passes} passed, ${failures} failed, ${pending} skipped`);
      if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
      else if (passes === 0) reject(new Error('no end-to-end test ran'));
      else resolve();
    });
  });
}
