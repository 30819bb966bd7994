/**
 * The project configuration (`scale.config.json`) as the CLI's commands read
 * it: looked for from each topology up to the repository root (or, outside a
 * repository, the working folder), as src/node/projectConfig finds it for
 * the language server too; its findings reported as a file's.
 */
import { LineIndex } from '../core/text/lineIndex';
import { IgnoreList } from '../node/ignoreList';
import { type LoadedConfig, ProjectConfigs } from '../node/projectConfig';
import { realPathOf, searchRoot } from '../node/topologySearch';
import { shownPath } from './files';
import { formatText } from './formatText';
import type { ReportFile } from './reportFile';

/** The configurations of one run: a search never leaves the repository the run is in (see searchRoot). */
export function runConfigs(cwd: string): ProjectConfigs {
  const { root } = searchRoot(cwd);
  return new ProjectConfigs(() => [root]);
}

/** What the searches of one run leave out (see IgnoreList), with the run's configurations. */
export function runIgnores(cwd: string, configs: ProjectConfigs): IgnoreList {
  const { root } = searchRoot(cwd);
  return new IgnoreList(() => [root], configs);
}

/** A configuration's findings as a checked file of the reports, its path shown from the working folder. */
export function configReport(config: LoadedConfig, cwd: string): ReportFile {
  // Configurations are found by their real paths: shown from the working folder's.
  return { path: shownPath(config.file, realPathOf(cwd) ?? cwd), findings: config.findings, omitted: config.omitted, lines: new LineIndex(config.text) };
}

/**
 * The configuration of the one topology a command takes (`simulate`,
 * `report`); its findings, when it has any, are printed on stderr and the
 * command goes on with what applies.
 */
export function topologyConfig(file: string, cwd: string, stderr: (s: string) => void): LoadedConfig | undefined {
  const config = runConfigs(cwd).forFile(file);
  if (config && config.findings.length > 0) stderr(formatText([configReport(config, cwd)]));
  return config;
}
