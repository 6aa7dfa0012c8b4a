// Checks the harness itself: a real VS Code, the workspace runTest.ts prepared, and the
// built-in Markdown support. It does not rely on this extension activating.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { screenshot } from './screenshot';

describe('e2e harness smoke', () => {
  it('runs inside VS Code', () => {
    assert.equal(typeof vscode.version, 'string');
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
  });

  it('opens the prepared workspace folder', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, `workspace folders: ${folders.map((f) => f.uri.toString()).join(', ')}`);
  });

  it('opens a Markdown file from the workspace as markdown', async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    // examples/ may still be empty while the project grows; then the test brings its own.
    let [uri] = await vscode.workspace.findFiles('**/*.md', '**/node_modules/**', 1);
    if (!uri) {
      uri = vscode.Uri.joinPath(folder.uri, 'e2e-smoke.md');
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('# Smoke\n\nA call note.\n'));
    }
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.languageId, 'markdown');
    const editor = await vscode.window.showTextDocument(document);
    assert.equal(editor.document.uri.toString(), uri.toString());
    await screenshot('smoke-markdown-open');
  });
});
