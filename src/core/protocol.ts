/**
 * Custom LSP messages between the Scale extension (or any client) and the
 * Scale language server, declared once. Plain method names and payload types:
 * the server and the client build their typed request objects from these.
 */

import type { DiagramModel } from './diagram/diagramModel';
import type { ImportSnapshot } from './model/imports';

/** Options a client passes in `initializationOptions`. */
export interface ScaleInitializationOptions {
  /** False when the client's own JSON support already offers and describes fields and enum values from the schema. */
  schemaCompletions?: boolean;
  /** Command ids for code lenses, when the client implements them itself. */
  commands?: { runScenario: string; showInDiagram?: string };
  /** True when the client sends the file events the server needs of its own accord (the VS Code extension): the server registers no file watchers. */
  watchesFiles?: boolean;
  /** The `scale` settings, for a client that gives them at start (Helix's `config`); settings pulled or pushed later replace them. */
  scale?: ScaleSettings;
}

/** The `scale` settings section (workspace/configuration), mirrored by the extension's contributed settings. */
export interface ScaleSettings {
  /** Milliseconds a burst of edits must pause before it is validated (an edit after a pause is validated at once). */
  validationDelayMs?: number;
  /** Per-rule severities: off, info, warning, error. */
  rules?: Record<string, 'off' | 'info' | 'warning' | 'error'>;
  /** The simulation seed of the scenarios run from the editor that name none (a scenario's own `seed` wins). */
  simulationSeed?: number;
  /** Format Document keeps the file's line breaks, fixing only indentation and spacing. */
  format?: { keepLines?: boolean };
}

/** client → server request: run one scenario of a document through the simulation core. */
export const RUN_SCENARIO_METHOD = 'scale/runScenario';

/** Parameters of scale/runScenario. */
export interface RunScenarioParams {
  uri: string;
  /** Index of the scenario in the file's `scenarios` array. */
  index: number;
  /**
   * Seed if the scenario names none, for this run (default: the project's seed in scale.config.json, else the
   * `scale.simulationSeed` setting, else 1); a scenario's own `seed` wins.
   */
  seed?: number;
}

/** client → server request: the seed the scenarios of a document that name none run with (the diagram's simulation panel asks for it). */
export const SIMULATION_SEED_METHOD = 'scale/simulationSeed';

/** Parameters of scale/simulationSeed. */
export interface SimulationSeedParams {
  uri: string;
}

/** Result of scale/simulationSeed: the project's seed (scale.config.json), else the `scale.simulationSeed` setting, else 1. */
export interface SimulationSeedResult {
  seed: number;
}

/**
 * client → server request: the files a document's check read for its imports, as the server read them (its
 * open documents' texts first), for a process that checks the same text without the files (the diagram's
 * simulation panel runs it in a browser worker).
 */
export const IMPORTS_METHOD = 'scale/imports';

/** Parameters of scale/imports. */
export interface ImportsParams {
  uri: string;
}

/** Result of scale/imports: the document's version and its imports (see ImportSnapshot); null when it is not an open topology. */
export type ImportsResult = { version: number; imports: ImportSnapshot } | null;

/** server → client notification: a document was validated (tests and the status bar use it). */
export const VALIDATED_NOTIFICATION = 'scale/validated';

/** Parameters of scale/validated. */
export interface ValidatedParams {
  uri: string;
  version: number | null;
  errors: number;
  warnings: number;
  infos: number;
  /** Milliseconds the check took (with its scenario budgets, in the notification that brings them). */
  durationMs: number;
  /** True when the scenario budgets are still being simulated: another scale/validated of this version follows with their findings, unless the text changes first. */
  budgetsPending?: boolean;
}

/** client → server request: the diagram of an open document (the Scale extension's diagram webview asks for it). */
export const DIAGRAM_METHOD = 'scale/diagram';

/** Parameters of scale/diagram. */
export interface DiagramParams {
  uri: string;
  /**
   * A base to compare the document with (the extension sends the file's text at git HEAD): the answer then
   * carries the change (`change`, and each node's and edge's), the base's removed components and calls laid
   * out with the others. Compared for structure and load only: no scenario is run.
   */
  base?: DiagramBase;
  /** Keys of the collapsed groups the reader opened, oldest first (see collapse.ts); at most MAX_OPENED_GROUPS count. */
  opened?: string[];
}

/** The text a diagram is compared with, and what it is called ("HEAD"). */
export interface DiagramBase {
  text: string;
  label: string;
}

/** A position in a document, as LSP counts it: zero-based line, UTF-16 character. */
export interface LspPosition {
  line: number;
  character: number;
}

/** A range in a document, as LSP has it. */
export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

/**
 * Result of scale/diagram: the ELK graph to lay out with its layout key, per
 * node the findings (the same finding objects as the diagnostics) and the
 * ranges of its declaration, for one version of the document; null when the
 * document is not an open `*.scale.json`.
 */
export type DiagramResult = DiagramModel<LspRange> & {
  uri: string;
  version: number;
  /**
   * Set when the document's text does not parse (typically half typed): the
   * diagram is then of its last text that did (that text's version), its
   * ranges moved to where those declarations are now; `problem` says where
   * and what the syntax error is.
   */
  lastParsed?: { version: number; problem: string };
};
