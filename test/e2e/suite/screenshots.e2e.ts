// What a user sees, checked in the rendered workbench and saved as pictures: the
// squiggle with the Problems panel listing the finding, and the coaching hover. With
// the code-server host the host waits until the given elements are visible in the page
// (and fails the test if they never are) before it takes the picture; runTest.ts copies
// diagnostics.png, hover.png and timeline.png to docs/images/ when MOT_E2E_UPDATE_SCREENSHOTS=1.
// In desktop VS Code (no host to take pictures) the same steps run without pictures.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MotApi } from '../../../client/src/extension';
import { codeOf, EXTENSION_ID, motDiagnostics, open, poll, positionOf, waitForDiagnostics } from './helpers';
import { screenshot } from './screenshot';

/**
 * Closes every editor and the panel. Closed notes keep their findings in the
 * Problems panel: that is the workspace index (mot.workspaceDiagnostics), by design.
 */
async function cleanSlate(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('workbench.action.closePanel');
  await poll(() => vscode.window.visibleTextEditors.length === 0, 'every editor closed');
}

/** Puts the cursor at `position` and scrolls it to the middle of the editor. */
function focusAt(editor: vscode.TextEditor, position: vscode.Position): void {
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
}

describe('what the user sees', () => {
  before(cleanSlate);
  after(() => vscode.commands.executeCommand('workbench.action.closePanel'));

  it('shows the squiggle and the finding in the Problems panel', async () => {
    const editor = await open('message-taker.md');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'missing-step'), 'the missing Confirm');
    const heading = positionOf(editor.document, '### 2026-10-16 — Michelle Jones takes a message for Paul');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    // Opening the panel takes the focus, and an editor that loses the focus before its
    // code lenses were first computed cancels that computation (VS Code's
    // CodeLensContribution: onDidBlurEditorText cancels, onDidFocusEditorText
    // reschedules). Give the focus back to the editor.
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    focusAt(editor, heading);
    const file = await screenshot('diagnostics', {
      waitFor: [
        // The squiggle under the call heading, in the editor.
        '.monaco-editor .squiggly-warning',
        // The Problems panel, listing the finding with its source and rule.
        '.markers-panel .monaco-list-row:has-text("has no Confirm step")',
        '.markers-panel .monaco-list-row:has-text("missing-step")',
        // The code lens above the call, in English.
        '.monaco-editor .codelens-decoration:has-text("✗ Confirm")',
      ],
    });
    if (file) console.log(`saved ${file}`);
    assert.ok(motDiagnostics(uri).length > 1);
  });

  it('shows the coaching hover on a Business win label', async () => {
    await cleanSlate();
    const editor = await open('filtex-intranet.call.md');
    await vscode.window.showTextDocument(editor.document, { preserveFocus: false });
    const label = positionOf(editor.document, '- Business win:', 4);
    focusAt(editor, label);
    // Wait until the server answers hovers for this file, then open the hover in the UI.
    await poll(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, label);
      return hovers.length > 0;
    }, 'a hover from the MOT server');
    await vscode.commands.executeCommand('editor.action.showHover');
    const file = await screenshot('hover', {
      waitFor: ['.monaco-hover:has-text("Business win")'],
    });
    if (file) console.log(`saved ${file}`);
  });

  it('shows the customer timeline in a webview beside the note', async () => {
    await cleanSlate();
    await open('filtex-intranet.call.md');
    await vscode.commands.executeCommand('mot.showTimeline', 'FILTEX');
    const api = vscode.extensions.getExtension<MotApi>(EXTENSION_ID)!.exports.timeline;
    await poll(() => api.current()?.html.includes('Michelle Jones'), 'the timeline with both FILTEX notes');
    // The page is two iframes deep (the webview's host frame, then its content).
    const inPage = (selector: string) => `iframe.webview >> internal:control=enter-frame >> iframe#active-frame >> internal:control=enter-frame >> ${selector}`;
    try {
      const file = await screenshot('timeline', { waitFor: [inPage('svg.trend circle'), inPage('h1:has-text("FILTEX")')] });
      if (file) console.log(`saved ${file}`);
    } finally {
      api.current()?.panel.dispose();
    }
  });

  // On a change of mot.locale the server must send workspace/codeLens/refresh, or the
  // lenses of an open editor keep the old language while executeCodeLensProvider
  // already returns the new one. Needs the code-server host, which checks the page.
  it('refreshes the code lenses of an open editor when mot.locale changes', async () => {
    await cleanSlate();
    const editor = await open('message-taker.md');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'missing-step'), 'the missing Confirm');
    const config = vscode.workspace.getConfiguration('mot');
    try {
      await screenshot('codelens-en', { waitFor: ['.monaco-editor .codelens-decoration:has-text("✗ Confirm")'] });
      await config.update('locale', 'zh-cn', vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(uri, (ds) => ds.some((d) => d.message.includes('确认')), 'Chinese messages');
      await screenshot('codelens-zh', { waitFor: ['.monaco-editor .codelens-decoration:has-text("✗ 确认")'] });
    } finally {
      await config.update('locale', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
