/** The status bar item: the active topology's finding counts; a click opens the Problems panel. */
import * as vscode from 'vscode';

/** Shows the counts for the active *.scale.json editor. */
export function registerStatusBar(): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('scale.findings', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Scale findings';
  item.command = 'workbench.actions.view.problems';
  const update = () => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !doc.uri.path.endsWith('.scale.json')) {
      item.hide();
      return;
    }
    const counts = { error: 0, warning: 0, info: 0 };
    for (const d of vscode.languages.getDiagnostics(doc.uri)) {
      if (d.source !== 'scale') continue;
      if (d.severity === vscode.DiagnosticSeverity.Error) counts.error++;
      else if (d.severity === vscode.DiagnosticSeverity.Warning) counts.warning++;
      else counts.info++;
    }
    item.text = `Scale $(error) ${counts.error} $(warning) ${counts.warning} $(info) ${counts.info}`;
    item.tooltip = `Scale: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} infos in ${vscode.workspace.asRelativePath(doc.uri)}`;
    item.accessibilityInformation = { label: item.tooltip };
    item.show();
  };
  update();
  return vscode.Disposable.from(
    item,
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (e.uris.some((u) => u.toString() === active)) update();
    }),
  );
}
