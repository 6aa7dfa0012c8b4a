import * as vscode from 'vscode';
import type { FollowUp } from '../../../server/src/protocol.js';

/** What "Mark done" does to the line of an action, decided from the text before the action's column. */
export type DoneEdit = { kind: 'tick'; character: number } | { kind: 'prefix'; character: number } | { kind: 'none'; reason: 'table' | 'changed' };

/**
 * How to mark an action done on its line: an open task box `[ ]` is ticked;
 * a plain list item (an open promise written without a box, `- Paul: send
 * the case by Nov 20`) becomes a done task, `- [x] Paul: …`, which is what
 * the note's format calls done; anything else (an action-table row, whose
 * status cell the user writes, or a line that changed since the list was
 * made) is left alone.
 */
export function doneEditFor(line: string, column: number): DoneEdit {
  const before = line.slice(0, Math.max(0, column - 1));
  const box = /\[ \]\s*$/.exec(before);
  if (box) return { kind: 'tick', character: box.index + 1 };
  if (/^\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+$/.test(before)) return { kind: 'prefix', character: before.length };
  return { kind: 'none', reason: line.trimStart().startsWith('|') ? 'table' : 'changed' };
}

/**
 * Marks an action done in its note through a workspace edit (so it can be
 * undone), saving the note when it had no unsaved changes before, also when
 * it is not open in an editor. Returns whether the note was changed.
 */
export async function markDone(f: FollowUp): Promise<boolean> {
  if (f.kind !== 'action') return false;
  const uri = vscode.Uri.parse(f.file);
  const document = await vscode.workspace.openTextDocument(uri);
  const wasDirty = document.isDirty;
  const lineNo = f.line - 1;
  const line = lineNo < document.lineCount ? document.lineAt(lineNo).text : '';
  const how = doneEditFor(line, f.column);
  if (how.kind === 'none') {
    const open = vscode.l10n.t('Open Note');
    const message =
      how.reason === 'table'
        ? vscode.l10n.t('This action is a row of an action table: write "done" in its status column.')
        : vscode.l10n.t('The note has changed since the list was made: the action is no longer on line {0}.', f.line);
    const choice = await vscode.window.showInformationMessage(message, open);
    if (choice === open) await vscode.window.showTextDocument(document, { selection: new vscode.Range(lineNo, 0, lineNo, 0) });
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  const at = new vscode.Position(lineNo, how.character);
  if (how.kind === 'tick') edit.replace(uri, new vscode.Range(at, at.translate(0, 1)), 'x');
  else edit.insert(uri, at, '[x] ');
  if (!(await vscode.workspace.applyEdit(edit))) return false;
  // A note that already had unsaved changes is left for its writer to save: saving would save those too.
  if (!wasDirty) await document.save();
  return true;
}
