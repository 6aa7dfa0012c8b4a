// Shared by the e2e suite files (bundled into each of them; not a suite file itself).
// Everything here waits on VS Code events or polls with a deadline: no fixed sleeps.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'mot-coach.mot-call-notes';

/** Which runTests pass this is: 'dev' (the source tree) or 'vsix' (the installed package). */
export const PASS = process.env.MOT_E2E_PASS || 'dev';

/** How long a single wait may take before the test fails with a description of what it saw. */
export const WAIT_MS = 20_000;

/** The rule id of a diagnostic: with pull diagnostics VS Code may hand it over as `{ value, target }`. */
export function codeOf(d: vscode.Diagnostic): string | number | undefined {
  const code = d.code;
  return typeof code === 'object' && code !== null ? code.value : code;
}

/** This extension's diagnostics for `uri` (source `mot`). */
export function motDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'mot');
}

export function describeDiagnostics(list: readonly vscode.Diagnostic[]): string {
  if (list.length === 0) return '(none)';
  return list
    .map((d) => `  ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.source}/${codeOf(d)}: ${d.message}`)
    .join('\n');
}

/**
 * Resolves with `uri`'s MOT diagnostics once `accept` holds for them: checked at once,
 * then on every `onDidChangeDiagnostics` for that file. Fails after `timeoutMs`,
 * listing what the file had then.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sub.dispose();
      fn();
    };
    const check = () => {
      const list = motDiagnostics(uri);
      if (accept(list)) finish(() => resolve(list));
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new Error(
              `timed out after ${timeoutMs} ms waiting for ${what} in ${vscode.workspace.asRelativePath(uri)}; ` +
                `its MOT diagnostics:\n${describeDiagnostics(motDiagnostics(uri))}`,
            ),
          ),
        ),
      timeoutMs,
    );
    check();
  });
}

/** Polls `probe` (every 50 ms) until it returns something other than undefined/false. */
export async function poll<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

/** Opens a workspace file in an editor. */
export async function open(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(name));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Writes `text` to a new workspace file and opens it. */
export async function createAndOpen(name: string, text: string): Promise<vscode.TextEditor> {
  await vscode.workspace.fs.writeFile(workspaceUri(name), new TextEncoder().encode(text));
  return open(name);
}

export async function readWorkspaceFile(name: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri(name)));
}

/** The position of the `nth` occurrence of `needle` in the document, moved `delta` characters in. */
export function positionOf(document: vscode.TextDocument, needle: string, delta = 0, nth = 0): vscode.Position {
  const text = document.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} (occurrence ${nth + 1}) not in ${document.uri.path}`);
  }
  return document.positionAt(at + delta);
}

/** The plain text of hover contents, whatever form each part has. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}
