// The lightbulb: on a selection, Refactor with Parley… and Explain with Parley; on a problem, Fix with Parley.
// The provider answers from what VS Code hands it (the range and the diagnostics in it) and never calls the model:
// the model is asked only when the person picks an action.
import * as vscode from 'vscode';

export const FIX_COMMAND = 'parley.fixProblem';

/** The part of a diagnostic the fix command needs (diagnostic objects do not survive the command's arguments). */
export interface ProblemArgument {
  readonly uri: string;
  readonly message: string;
  /** 1-based. */
  readonly line: number;
  readonly source?: string;
}

export class ParleyCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite, vscode.CodeActionKind.Empty];

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const wanted = (kind: vscode.CodeActionKind) => !context.only || context.only.contains(kind);
    // At most three fixes: one per problem under the cursor, errors first.
    if (wanted(vscode.CodeActionKind.QuickFix)) {
      const problems = [...context.diagnostics].sort((a, b) => a.severity - b.severity).slice(0, 3);
      for (const problem of problems) {
        const short = problem.message.split('\n')[0]!.slice(0, 60);
        const action = new vscode.CodeAction(`Fix with Parley: ${short}`, vscode.CodeActionKind.QuickFix);
        const argument: ProblemArgument = {
          uri: document.uri.toString(),
          message: problem.message,
          line: problem.range.start.line + 1,
          ...(problem.source ? { source: problem.source } : {}),
        };
        action.command = { command: FIX_COMMAND, title: action.title, arguments: [argument] };
        action.diagnostics = [problem];
        actions.push(action);
      }
    }
    if (!range.isEmpty) {
      if (wanted(vscode.CodeActionKind.RefactorRewrite)) {
        const refactor = new vscode.CodeAction('Refactor with Parley…', vscode.CodeActionKind.RefactorRewrite);
        refactor.command = { command: 'parley.refactorSelection', title: refactor.title };
        actions.push(refactor);
      }
      if (wanted(vscode.CodeActionKind.Empty)) {
        const explain = new vscode.CodeAction('Explain with Parley', vscode.CodeActionKind.Empty);
        explain.command = { command: 'parley.explain', title: explain.title };
        actions.push(explain);
      }
    }
    return actions;
  }
}
