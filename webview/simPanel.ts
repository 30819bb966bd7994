/**
 * The simulation panel beside the diagram: the core's scenario engine, run in
 * an inline worker on the document's text (which the host sends while the
 * panel is open), never on the main thread.
 *
 * - What if: workload controls (peak rps, read share, key distribution) and
 *   each balancer's algorithm; a component's instance count and capacity,
 *   and its instances to kill, slow or restore; when the faults happen and
 *   how long a restored one lasts; the zones and regions the file names, to
 *   take down (every instance placed there) or restore. Every change reruns the what-if
 *   (debounced) on a copy of the text: the file is never edited. Results:
 *   the failover timeline and the replicas' lag, the balancer's per-server
 *   counters and health-check detection, what an outage kills and leaves,
 *   per-shard load and what one more shard moves.
 * - Scenarios: run one of the file's scenarios, or all, each with its own
 *   `seed`, else the `scale.simulationSeed` setting's: the same results as
 *   `scale simulate --seed`, also shown as that command's JSON.
 *
 * While the panel shows a what-if that changes something, or a scenario it
 * ran, the diagram shows that run (the page draws the overlay the worker
 * built with the results); closing the panel, or going back to the file's
 * figures, gives the diagram the file's numbers again.
 *
 * What a person set up is kept with the panel state, so a reload restores it.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { BALANCER_ALGORITHMS, type BalancerAlgorithm, WHAT_IF_DURATION_MS, WHAT_IF_FAULT_AT_MS, WHAT_IF_RESTORE_AT_MS, WHAT_IF_SLOW_LATENCY_MS } from '../src/core/whatIf/whatIfOptions';
import { dur, num, pct, plural } from '../src/core/scenario/figures';
import type { ScenarioResult } from '../src/core/scenario/types';
import { placeText } from '../src/core/scenario/placeFaults';
import type { OutlineComponent, OutlineDomain, TopologyOutline, WhatIfInput } from '../src/core/whatIf/whatIf';
import type { SimulationState, WebviewMessage } from '../src/core/webviewProtocol';
import type { ImportSnapshot } from '../src/core/model/imports';
import { Charts } from './charts';
import { el } from './dom';
import type { SimAnswer, SimJob } from './simWorker';
import simWorkerSource from 'inline-worker:./simWorker';
import { saturationChart } from './saturationChart';
import { budgetList, scenarioArticle, shardSection } from './simResults';
import type { ShownRun } from './simOverlay';
import { type WorkerOutcome, WorkerRunner } from './workerRunner';
import { KEY_DISTRIBUTIONS } from '../src/core/model/enums';

/** A simulation that takes longer than this (per scenario) ends its worker and says so. */
export const SIMULATION_TIMEOUT_MS = 30_000;
/** Quiet time after the last change of a control before the what-if runs again. */
const RERUN_DELAY_MS = 250;
/** Instances listed at most for one component. */
const MAX_INSTANCES_LISTED = 64;
/** Components named at most beside a zone or region (all of them in its tooltip). */
const MAX_HELD_NAMED = 4;

type Outage = SimulationState['outages'][number];

/** What the panel needs of the page. */
export interface SimPanelHost {
  post(message: WebviewMessage): void;
  /** Keeps the panel's state with the page's (setState). */
  save(state: SimulationState): void;
  /** The components with a fault, to mark in the diagram. */
  faultsChanged(components: ReadonlySet<string>): void;
  /** The run the diagram shows, or none (the file's figures). */
  runShown(run: ShownRun | undefined): void;
}

/** The document as the host sent it, with the files its imports read. */
interface Source {
  uri: string;
  file: string;
  version: number;
  text: string;
  seed: number;
  imports?: ImportSnapshot;
}

/** A fresh panel state: closed, nothing changed. */
export function emptySimulationState(): SimulationState {
  return { open: false, tab: 'whatIf', workload: {}, algorithms: [], faults: [], outages: [], instances: [], capacity: [] };
}

/** The simulation panel. */
export class SimPanel {
  /** The panel's root, placed beside the diagram by the page. */
  readonly element: HTMLElement;
  private readonly charts = new Charts();
  private readonly whatIfRunner = new WorkerRunner<SimJob, SimAnswer>(simWorkerSource, SIMULATION_TIMEOUT_MS, 'simulation');
  private readonly scenarioRunner = new WorkerRunner<SimJob, SimAnswer>(simWorkerSource, SIMULATION_TIMEOUT_MS, 'simulation');
  /** The saturation chart's own worker: a text change reruns it without waiting for (or superseding) a what-if. */
  private readonly saturationRunner = new WorkerRunner<SimJob, SimAnswer>(simWorkerSource, SIMULATION_TIMEOUT_MS, 'simulation');
  private saturationTimer: ReturnType<typeof setTimeout> | undefined;
  private source: Source | undefined;
  private outline: TopologyOutline | undefined;
  private outlineKey = '';
  private rerunTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last scenario results, for the JSON view. */
  private lastRuns: { file: string; seed: number; results: ScenarioResult[] } | undefined;
  /** The seed shown beside the Scenarios tab's buttons. */
  private seedLabel: HTMLElement | undefined;
  /** The last what-if run and the scenario run last shown, as the diagram draws them. */
  private whatIfRun: ShownRun | undefined;
  private scenarioRun: ShownRun | undefined;
  /** The overlay of each scenario of the last "Run" or "Run all", by index. */
  private scenarioOverlays = new Map<number, ShownRun>();
  /** The run the diagram was last told to show. */
  private shown: ShownRun | undefined;

  private readonly tabs = el('vscode-tabs');
  private readonly status = el('span', undefined, 'sim-status');
  private readonly controls = el('div', undefined, 'sim-controls');
  private readonly instances = el('div', undefined, 'sim-instances');
  private readonly domains = el('div', undefined, 'sim-instances sim-domains');
  private readonly whatIfResult = el('div', undefined, 'sim-result');
  private readonly shards = el('div', undefined, 'sim-shard-list');
  private readonly saturation = el('div', undefined, 'sim-saturation');
  private readonly scenarioControls = el('div', undefined, 'sim-scenario-controls');
  private readonly scenarioResults = el('div', undefined, 'sim-result');

  /** `document`: the URI of the document `state` was set up for, if known. */
  constructor(private readonly host: SimPanelHost, private state: SimulationState, private document: string | undefined) {
    this.element = el('aside', undefined, 'sim');
    this.element.setAttribute('aria-label', 'Simulation');
    const head = el('header', undefined, 'sim-head');
    head.append(el('h2', 'Simulation'), this.status);
    this.status.setAttribute('role', 'status');

    const whatIfHeader = el('vscode-tab-header', 'What if');
    whatIfHeader.slot = 'header';
    const scenariosHeader = el('vscode-tab-header', 'Scenarios');
    scenariosHeader.slot = 'header';
    const whatIfPanel = el('vscode-tab-panel');
    const workload = collapsible('Workload and balancing', this.controls);
    const faults = collapsible('Instances: kill, slow, restore', this.instances);
    const outages = collapsible('Zones and regions: outage, restore', this.domains);
    const shards = collapsible('Per-shard load', this.shards);
    const saturation = collapsible('Saturation as the workload grows', this.saturation);
    whatIfPanel.append(workload, faults, outages, this.whatIfResult, saturation, shards);
    const scenariosPanel = el('vscode-tab-panel');
    scenariosPanel.append(this.scenarioControls, this.scenarioResults);
    this.tabs.append(whatIfHeader, whatIfPanel, scenariosHeader, scenariosPanel);
    this.tabs.selectedIndex = state.tab === 'scenarios' ? 1 : 0;
    this.tabs.addEventListener('vsc-tabs-select', (e) => {
      this.update({ tab: e.detail.selectedIndex === 1 ? 'scenarios' : 'whatIf' });
      this.showRun();
    });
    this.element.append(head, this.tabs);
    this.element.hidden = !state.open;
    this.controls.append(el('p', 'Reading the file…', 'sim-muted'));
    // Only an open panel starts its worker early: a closed one leaves the cores to the layout.
    if (state.open) this.whatIfRunner.prestart();
  }

  /** Whether the panel is shown. */
  get open(): boolean {
    return this.state.open;
  }

  /** Shows or hides the panel; the host sends the document's text while it is shown. */
  setOpen(open: boolean): void {
    if (open) this.whatIfRunner.prestart();
    this.element.hidden = !open;
    this.update({ open });
    this.host.post({ type: 'simulationPanel', open });
    this.showRun();
  }

  /**
   * Back to the file's figures: on the What if tab, every change of the
   * what-if is undone (and it runs again, as the file); on the Scenarios tab,
   * the scenario shown is put away.
   */
  reset(): void {
    if (this.state.tab === 'scenarios') {
      this.scenarioRun = undefined;
      this.showRun();
      return;
    }
    this.update({ workload: {}, algorithms: [], faults: [], outages: [], instances: [], capacity: [], timing: undefined });
    this.whatIfRun = undefined;
    this.showRun();
    if (!this.outline) return;
    this.renderControls();
    this.renderInstances();
    this.renderDomains();
    this.markFaults();
    this.scheduleWhatIf(0);
  }

  /** Tells the page the run the diagram shows: the open tab's, while the panel is open. */
  private showRun(): void {
    const run = !this.state.open ? undefined : this.state.tab === 'scenarios' ? this.scenarioRun : this.whatIfRun;
    if (run === this.shown) return;
    this.shown = run;
    this.host.runShown(run);
  }

  /** When the what-if's faults happen, and when a restored one comes back. */
  private get timing(): { atMs: number; backMs: number } {
    const t = this.state.timing;
    return t ? { atMs: t.atMs, backMs: t.atMs + t.durationMs } : { atMs: WHAT_IF_FAULT_AT_MS, backMs: WHAT_IF_RESTORE_AT_MS };
  }

  /** The what-if's changes other than faults, in words: "peak 3,000 rps", "api ×6", "api 800 rps per instance". */
  private changeLabels(): string[] {
    const s = this.state;
    const w = s.workload;
    return [
      ...(w.peakRps !== undefined ? [`peak ${num(w.peakRps)} rps`] : []),
      ...(w.readFraction !== undefined ? [`${pct(w.readFraction)} reads`] : []),
      ...(w.keys ? [`${w.keys.distribution} keys`] : []),
      ...s.algorithms.map((a) => `${a.balancer} ${a.algorithm}`),
      ...s.instances.map((c) => `${c.component} ×${num(c.instances)}`),
      ...s.capacity.map((c) => `${c.component} ${num(c.rps)} rps per instance`),
    ];
  }

  /** Whether the what-if changes anything of the file. */
  private get changed(): boolean {
    const s = this.state;
    return Object.keys(s.workload).length > 0 || s.algorithms.length > 0 || s.faults.length > 0 || s.outages.length > 0 || s.instances.length > 0 || s.capacity.length > 0;
  }

  /** What the panel keeps with the page's state. */
  get snapshot(): SimulationState {
    return this.state;
  }

  /** The diagram's document: another one drops what was set up, which concerned the other file's components. */
  setDocument(uri: string): void {
    if (this.document === uri) return;
    this.document = uri;
    if (this.rerunTimer) clearTimeout(this.rerunTimer);
    if (this.saturationTimer) clearTimeout(this.saturationTimer);
    this.status.textContent = '';
    this.state = { ...emptySimulationState(), open: this.state.open, tab: this.state.tab };
    this.host.save(this.state);
    this.source = undefined;
    this.outline = undefined;
    this.outlineKey = '';
    this.lastRuns = undefined;
    this.whatIfRun = undefined;
    this.scenarioRun = undefined;
    this.scenarioOverlays.clear();
    this.showRun();
    for (const part of [this.whatIfResult, this.shards, this.saturation, this.scenarioResults, this.scenarioControls, this.instances, this.domains]) {
      this.charts.release(part);
      part.replaceChildren();
    }
    this.controls.replaceChildren(el('p', 'Reading the file…', 'sim-muted'));
  }

  /** A new text (or seed) of the document: its what-if runs again. */
  setSource(source: Source): void {
    this.setDocument(source.uri);
    this.source = source;
    // The seed setting may have changed: the label says the one the next run uses.
    if (this.seedLabel) this.seedLabel.textContent = seedText(source.seed);
    this.scheduleWhatIf(0);
    if (this.saturationTimer) clearTimeout(this.saturationTimer);
    this.saturationTimer = setTimeout(() => void this.runSaturation(), RERUN_DELAY_MS);
  }

  /** Lists a component's instances (a click on its node in the diagram). */
  select(component: string): void {
    if (!this.outline?.components.some((c) => c.id === component)) return;
    this.update({ selected: component });
    this.renderInstances();
    this.tabs.selectedIndex = 0;
    this.update({ tab: 'whatIf' });
  }

  dispose(): void {
    if (this.rerunTimer) clearTimeout(this.rerunTimer);
    if (this.saturationTimer) clearTimeout(this.saturationTimer);
    this.whatIfRunner.dispose();
    this.scenarioRunner.dispose();
    this.saturationRunner.dispose();
    this.charts.dispose();
  }

  private update(change: Partial<SimulationState>): void {
    this.state = { ...this.state, ...change };
    this.host.save(this.state);
  }

  private scheduleWhatIf(delay = RERUN_DELAY_MS): void {
    if (this.rerunTimer) clearTimeout(this.rerunTimer);
    this.rerunTimer = setTimeout(() => void this.runWhatIf(), delay);
  }

  private input(seed: number): WhatIfInput {
    const s = this.state;
    return { seed, workload: s.workload, algorithms: s.algorithms, faults: s.faults, outages: s.outages, instances: s.instances, capacity: s.capacity, ...(s.timing ? { timing: s.timing } : {}) };
  }

  /** Marks in the diagram the components a fault names, and those with nodes in a zone or region taken down. */
  private markFaults(): void {
    const ids = new Set(this.state.faults.map((f) => f.component));
    for (const o of this.state.outages) for (const id of this.domainOf(o)?.components ?? []) ids.add(id);
    this.host.faultsChanged(ids);
  }

  private domainOf(o: Outage): OutlineDomain | undefined {
    const d = this.outline?.failureDomains;
    return (o.kind === 'zone' ? d?.zones : d?.regions)?.find((x) => x.name === o.name);
  }

  private async runWhatIf(): Promise<void> {
    const source = this.source;
    if (!source) return;
    this.markFaults();
    this.status.textContent = 'Simulating…';
    const outcome = await this.whatIfRunner.run({ kind: 'whatIf', text: source.text, input: this.input(source.seed), ...(source.imports ? { imports: source.imports } : {}) });
    // A run started for a document the diagram no longer shows answers about that one: dropped.
    if (outcome.kind === 'superseded' || this.document !== source.uri) return;
    this.status.textContent = '';
    this.report('whatIf', outcome);
    const answer = outcome.kind === 'done' ? outcome.value : undefined;
    this.charts.release(this.whatIfResult);
    this.charts.release(this.shards);
    if (!answer || answer.kind === 'notSimulated') {
      this.whatIfResult.replaceChildren(el('p', failure(outcome, 'the what-if'), 'sim-error'));
      this.whatIfRun = undefined;
      this.showRun();
      return;
    }
    if (answer.kind !== 'whatIf') return;
    this.setOutline(answer.outline);
    const r = answer.result;
    const labels = [...this.changeLabels(), ...this.state.faults.map((f) => faultLabel(f, this.timing)), ...this.state.outages.map(outageLabel)];
    const heading = labels.length === 0 ? 'What if: no change (the file as it is)' : `What if: ${labels.join(', ')}`;
    this.whatIfRun = this.changed ? { heading: `the what-if: ${labels.join(', ')}`, overlay: answer.overlay } : undefined;
    this.showRun();
    const article = scenarioArticle(r, heading, this.charts);
    if (answer.budgetFrom !== undefined) article.querySelector('.sim-budgets h4')?.append(` (from the scenario "${answer.budgetFrom}")`);
    this.whatIfResult.replaceChildren(article);
    this.shards.replaceChildren(...(answer.shards.length > 0 ? answer.shards.map((v) => shardSection(v, this.charts)) : [el('p', 'No sharded store.', 'sim-muted')]));
  }

  /** The saturation chart of the file as written (the workload controls change only the what-if): its lines and the simulation at up to ten multiples, in the worker. */
  private async runSaturation(): Promise<void> {
    const source = this.source;
    if (!source) return;
    const outcome = await this.saturationRunner.run({ kind: 'saturation', text: source.text, seed: source.seed, ...(source.imports ? { imports: source.imports } : {}) });
    if (outcome.kind === 'superseded' || this.document !== source.uri) return;
    this.report('saturation', outcome);
    this.charts.release(this.saturation);
    const answer = outcome.kind === 'done' ? outcome.value : undefined;
    if (!answer || answer.kind !== 'saturation') {
      this.saturation.replaceChildren(el('p', failure(outcome, 'the saturation chart'), 'sim-error'));
      return;
    }
    this.saturation.replaceChildren(saturationChart(answer.curve, answer.points, this.charts), el('p', `Lines: the load model, as scale headroom reads it; points: the simulation with no fault at ${plural(answer.points.length, 'multiple')} of the file's peak, seed ${source.seed}.`, 'sim-muted'));
  }

  private async runScenarios(indices: number[] | undefined): Promise<void> {
    const source = this.source;
    if (!source) return;
    const count = indices?.length ?? this.outline?.scenarios.length ?? 1;
    this.status.textContent = count === 1 ? 'Running the scenario…' : `Running ${count} scenarios…`;
    const outcome = await this.scenarioRunner.run({ kind: 'scenarios', text: source.text, seed: source.seed, ...(indices ? { indices } : {}), ...(source.imports ? { imports: source.imports } : {}) }, SIMULATION_TIMEOUT_MS * Math.max(1, count));
    if (outcome.kind === 'superseded' || this.document !== source.uri) return;
    this.status.textContent = '';
    this.report('scenarios', outcome);
    this.charts.release(this.scenarioResults);
    const answer = outcome.kind === 'done' ? outcome.value : undefined;
    if (!answer || answer.kind !== 'scenarios') {
      this.scenarioResults.replaceChildren(el('p', failure(outcome, 'the scenarios'), 'sim-error'));
      return;
    }
    this.setOutline(answer.outline);
    const declared = answer.outline.declaredScenarios;
    const out: HTMLElement[] = [];
    const budgets = answer.results.flatMap((r) => r.budgets);
    if (answer.results.length === 0) out.push(el('p', 'The file declares no scenarios: nothing to simulate.', 'sim-muted'));
    else out.push(budgets.length > 0 ? budgetList(budgets, `${plural(answer.results.length, 'scenario')}, ${plural(budgets.length, 'budget')}`) : el('p', `${plural(answer.results.length, 'scenario')} run, no budgets declared.`, 'sim-muted'));
    for (const r of answer.results) {
      out.push(scenarioArticle(r, `Scenario ${r.index + 1}/${declared}: ${r.scenario}  (${dur(r.durationMs)}, seed ${r.seed}${r.sampled ? `, simulated ${pct(r.sampled.rate)} of requests` : ''})`, this.charts));
    }
    this.lastRuns = { file: source.file, seed: source.seed, results: answer.results };
    this.scenarioOverlays = new Map(answer.results.map((r, i) => [r.index, { heading: `scenario ${r.index + 1}/${declared}: ${r.scenario}`, overlay: answer.overlays[i]! }] as const));
    // The one chosen in the list, else the first run.
    this.scenarioRun = this.scenarioOverlays.get(this.state.scenario ?? -1) ?? this.scenarioOverlays.get(answer.results[0]?.index ?? -1);
    this.showRun();
    out.push(this.jsonView());
    this.scenarioResults.replaceChildren(...out);
  }

  /** The results as `scale simulate --format json --seed` prints them, written out when opened. */
  private jsonView(): HTMLElement {
    const details = el('details', undefined, 'sim-json');
    const pre = el('pre');
    details.append(el('summary', 'JSON, as scale simulate --format json prints it'), pre);
    details.addEventListener('toggle', () => {
      if (!details.open || !this.lastRuns || pre.textContent) return;
      const { file, seed, results } = this.lastRuns;
      pre.textContent = `${JSON.stringify({ file, seed, scenarios: results }, null, 2)}\n`;
    });
    return details;
  }

  private report(kind: 'scenarios' | 'whatIf' | 'saturation', outcome: Exclude<WorkerOutcome<SimAnswer>, { kind: 'superseded' }>): void {
    const a = outcome.kind === 'done' ? outcome.value : undefined;
    const results = a?.kind === 'scenarios' ? a.results : a?.kind === 'whatIf' ? [a.result] : [];
    const budgets = results.flatMap((r) => r.budgets);
    const held = budgets.filter((b) => b.held).length;
    const detail = a?.kind === 'notSimulated' ? a.reason : outcome.kind === 'error' ? outcome.message : undefined;
    this.host.post({
      type: 'simulationReport',
      kind,
      outcome: a?.kind === 'notSimulated' ? 'notSimulated' : outcome.kind,
      ms: Math.round(outcome.ms * 10) / 10,
      scenarios: results.length,
      held,
      violated: budgets.length - held,
      ...(detail ? { detail: detail.slice(0, 500) } : {}),
    });
  }

  /** The controls follow the file's outline; they are built again only when it changes. */
  private setOutline(outline: TopologyOutline): void {
    this.outline = outline;
    const key = JSON.stringify(outline);
    if (key === this.outlineKey) return;
    this.outlineKey = key;
    // Changes to components or balancers that the file no longer has are dropped.
    const ids = new Map(outline.components.map((c) => [c.id, c]));
    const faults = this.state.faults.filter((f) => (ids.get(f.component)?.instances ?? 0) > f.instance);
    const algorithms = this.state.algorithms.filter((a) => ids.get(a.balancer)?.kind === 'loadBalancer');
    const outages = this.state.outages.filter((o) => this.domainOf(o) !== undefined);
    const editable = (id: string) => { const c = ids.get(id); return c !== undefined && !c.imported && c.kind !== 'client'; };
    const instances = this.state.instances.filter((c) => editable(c.component));
    const capacity = this.state.capacity.filter((c) => editable(c.component));
    const selected = this.state.selected !== undefined && ids.has(this.state.selected) ? this.state.selected : outline.components.find((c) => c.store)?.id;
    this.update({ faults, algorithms, outages, instances, capacity, ...(selected !== undefined ? { selected } : {}) });
    this.renderControls();
    this.renderInstances();
    this.renderDomains();
    this.renderScenarioControls();
    this.markFaults();
  }

  private renderControls(): void {
    const o = this.outline!;
    const w = this.state.workload;
    const rows: HTMLElement[] = [];
    const peak = numberField(w.peakRps ?? o.workload.peakRps);
    peak.addEventListener('input', () => this.setWorkload({ peakRps: valueIn(peak, (x) => x > 0 && x <= 1e12, o.workload.peakRps) }));
    rows.push(field('Peak rps', peak));
    const reads = numberField(w.readFraction ?? o.workload.readFraction);
    reads.addEventListener('input', () => this.setWorkload({ readFraction: valueIn(reads, (x) => x >= 0 && x <= 1, o.workload.readFraction) }));
    rows.push(field('Read fraction', reads));
    const fileKeys = o.workload.keys;
    const dist = w.keys?.distribution ?? fileKeys?.distribution ?? 'uniform';
    const group = el('vscode-radio-group');
    for (const d of KEY_DISTRIBUTIONS) {
      const radio = el('vscode-radio', d);
      radio.name = 'key-distribution';
      radio.value = d;
      radio.checked = d === dist;
      group.append(radio);
    }
    const exponent = numberField(w.keys?.exponent ?? fileKeys?.exponent ?? 1);
    exponent.disabled = dist !== 'zipf';
    const setKeys = () => {
      const chosen = [...group.querySelectorAll('vscode-radio')].find((r) => r.checked)?.value as 'uniform' | 'zipf' | 'sequential' | undefined;
      if (!chosen) return;
      exponent.disabled = chosen !== 'zipf';
      const e = valueIn(exponent, (x) => x > 0 && x <= 10, fileKeys?.exponent ?? 1);
      if (e === null) return;
      const same = chosen === (fileKeys?.distribution ?? 'uniform') && (chosen !== 'zipf' || e === (fileKeys?.exponent ?? 1));
      this.setWorkload({ keys: same ? undefined : { distribution: chosen, ...(chosen === 'zipf' && e !== undefined ? { exponent: e } : {}) } });
    };
    group.addEventListener('change', setKeys);
    exponent.addEventListener('input', setKeys);
    rows.push(field('Key distribution', group), field('Zipf exponent', exponent));
    for (const lb of o.components.filter((c) => c.kind === 'loadBalancer')) {
      const select = el('vscode-single-select');
      for (const a of BALANCER_ALGORITHMS) {
        const option = el('vscode-option', a);
        option.value = a;
        select.append(option);
      }
      select.value = this.state.algorithms.find((a) => a.balancer === lb.id)?.algorithm ?? lb.algorithm ?? 'roundRobin';
      select.addEventListener('change', () => {
        const rest = this.state.algorithms.filter((a) => a.balancer !== lb.id);
        const chosen = select.value as BalancerAlgorithm;
        this.update({ algorithms: chosen === lb.algorithm ? rest : [...rest, { balancer: lb.id, algorithm: chosen }] });
        this.scheduleWhatIf();
      });
      rows.push(field(`${lb.id} algorithm`, select));
    }
    const reset = el('vscode-button', 'Reset to the file');
    reset.secondary = true;
    reset.addEventListener('click', () => {
      this.update({ workload: {}, algorithms: [] });
      this.renderControls();
      this.scheduleWhatIf(0);
    });
    rows.push(reset, el('p', 'These change a copy of the file for the simulation only; the file stays as it is.', 'sim-muted'));
    this.controls.replaceChildren(...rows);
  }

  /** Applies a workload change; `null` means the field holds no valid value (nothing runs). */
  private setWorkload(change: { [K in keyof SimulationState['workload']]: SimulationState['workload'][K] | null }): void {
    if (Object.values(change).some((v) => v === null)) return;
    const next = { ...this.state.workload };
    for (const [k, v] of Object.entries(change) as [keyof typeof next, never][]) {
      if (v === undefined) delete next[k];
      else next[k] = v;
    }
    this.update({ workload: next });
    this.scheduleWhatIf();
  }

  private renderInstances(): void {
    const o = this.outline;
    if (!o) return;
    const choices = o.components.filter((c) => c.kind !== 'client');
    if (choices.length === 0) {
      this.instances.replaceChildren(el('p', 'No component has instances to fail.', 'sim-muted'));
      return;
    }
    const select = el('vscode-single-select');
    select.setAttribute('aria-label', 'Component');
    for (const c of choices) {
      const option = el('vscode-option', `${c.id} (${c.kind}, ${plural(c.instances, 'instance')})`);
      option.value = c.id;
      select.append(option);
    }
    const current = choices.find((c) => c.id === this.state.selected) ?? choices[0]!;
    select.value = current.id;
    select.addEventListener('change', () => {
      this.update({ selected: select.value });
      this.renderInstances();
    });
    const count = this.instancesOf(current);
    const list = el('ul', undefined, 'sim-instance-list');
    for (let i = 0; i < Math.min(count, MAX_INSTANCES_LISTED); i++) list.append(this.instanceRow(current, i));
    const parts: HTMLElement[] = [field('Component', select), ...this.sizeFields(current), list];
    if (count > MAX_INSTANCES_LISTED) parts.push(el('p', `The first ${MAX_INSTANCES_LISTED} of ${num(count)} instances are listed.`, 'sim-muted'));
    if (this.state.faults.length > 0 || this.state.outages.length > 0) {
      const clear = el('vscode-button', 'Clear all faults');
      clear.secondary = true;
      clear.addEventListener('click', () => this.setFaults([], []));
      parts.push(clear);
    }
    parts.push(...this.timingFields());
    parts.push(el('p', `Faults happen at ${dur(this.timing.atMs)} of a ${dur(WHAT_IF_DURATION_MS)} run; Restore brings the instance back at ${dur(this.timing.backMs)}; a slow instance takes ${dur(WHAT_IF_SLOW_LATENCY_MS)} per request.`, 'sim-muted'));
    this.instances.replaceChildren(...parts);
  }

  /** A component's instance count in the what-if. */
  private instancesOf(c: OutlineComponent): number {
    return this.state.instances.find((x) => x.component === c.id)?.instances ?? c.instances;
  }

  /** The selected component's instance count and capacity (rps per instance), in place of the file's; none for an imported one, which a what-if does not edit. */
  private sizeFields(c: OutlineComponent): HTMLElement[] {
    if (c.imported) return [el('p', `${c.id} is declared in an imported file: its instances and capacity stay as that file says.`, 'sim-muted')];
    const count = numberField(this.instancesOf(c));
    count.setAttribute('aria-label', `Instances of ${c.id}`);
    count.addEventListener('change', () => {
      const v = valueIn(count, (x) => Number.isInteger(x) && x >= 1 && x <= 1_000_000, c.instances);
      if (v === null) return;
      const rest = this.state.instances.filter((x) => x.component !== c.id);
      // Faults on instances the new count no longer has are dropped.
      const n = v ?? c.instances;
      this.update({ instances: v === undefined ? rest : [...rest, { component: c.id, instances: v }], faults: this.state.faults.filter((f) => f.component !== c.id || f.instance < n) });
      this.renderInstances();
      this.scheduleWhatIf();
    });
    const fileRps = c.capacityRps;
    const rps = numberField(this.state.capacity.find((x) => x.component === c.id)?.rps ?? fileRps ?? 0);
    if (fileRps === undefined && !this.state.capacity.some((x) => x.component === c.id)) rps.value = '';
    rps.placeholder = 'none declared';
    rps.setAttribute('aria-label', `Capacity of ${c.id} (rps per instance)`);
    rps.addEventListener('input', () => {
      // Empty: the file's capacity (or none), which is valid.
      const empty = rps.value.trim() === '';
      if (empty) rps.invalid = false;
      const v = empty ? undefined : valueIn(rps, (x) => x > 0 && x <= 1e12, fileRps ?? NaN);
      if (v === null) return;
      const rest = this.state.capacity.filter((x) => x.component !== c.id);
      this.update({ capacity: v === undefined ? rest : [...rest, { component: c.id, rps: v }] });
      this.scheduleWhatIf();
    });
    return [field('Instances', count), field('Capacity (rps per instance)', rps)];
  }

  /** When the faults happen, and how long a restored one lasts (seconds). */
  private timingFields(): HTMLElement[] {
    const t = this.timing;
    const at = numberField(t.atMs / 1000);
    at.setAttribute('aria-label', 'Faults at (s)');
    const lasts = numberField((t.backMs - t.atMs) / 1000);
    lasts.setAttribute('aria-label', 'Restored after (s)');
    const set = () => {
      const T = WHAT_IF_DURATION_MS / 1000;
      const a = valueIn(at, (x) => x >= 0 && x < T, NaN);
      const d = valueIn(lasts, (x) => x > 0 && x <= T, NaN);
      if (a === null || d === null || a === undefined || d === undefined) return;
      const same = a * 1000 === WHAT_IF_FAULT_AT_MS && a * 1000 + d * 1000 === WHAT_IF_RESTORE_AT_MS;
      this.update({ timing: same ? undefined : { atMs: a * 1000, durationMs: d * 1000 } });
      this.renderInstances();
      this.renderDomains();
      this.scheduleWhatIf();
    };
    at.addEventListener('change', set);
    lasts.addEventListener('change', set);
    return [field('Faults at (s)', at), field('Restored after (s)', lasts)];
  }

  private instanceRow(c: OutlineComponent, i: number): HTMLElement {
    const fault = this.state.faults.find((f) => f.component === c.id && f.instance === i);
    const li = el('li', undefined, fault ? `faulted ${fault.action}` : undefined);
    li.dataset.instance = String(i);
    const role = c.store ? (c.store.units > 1 ? `primary of shard ${i % c.store.units}` : c.store.replicas > 0 ? 'primary' : '') : '';
    li.append(el('span', `#${i}`, 'sim-instance-id'), el('span', role, 'sim-instance-role'), el('span', fault ? faultState(fault.action === 'kill' ? 'killed' : 'slow', fault.restore, this.timing) : 'healthy', 'sim-instance-state'));
    const act = (label: string, run: () => void, enabled: boolean) => actionButton(label, `${label} ${c.id}#${i}`, run, enabled);
    const others = this.state.faults.filter((f) => f !== fault);
    const actions = el('span', undefined, 'sim-instance-actions');
    actions.append(
      act('Kill', () => this.setFaults([...others, { component: c.id, instance: i, action: 'kill' }]), fault?.action !== 'kill' || fault.restore === true),
      act('Slow', () => this.setFaults([...others, { component: c.id, instance: i, action: 'slow' }]), fault?.action !== 'slow' || fault.restore === true),
      act('Restore', () => fault && this.setFaults(fault.restore ? others : [...others, { ...fault, restore: true }]), fault !== undefined),
    );
    li.append(actions);
    return li;
  }

  private setFaults(faults: SimulationState['faults'], outages = this.state.outages): void {
    this.update({ faults, outages });
    this.renderInstances();
    this.renderDomains();
    this.scheduleWhatIf(0);
  }

  /** The zones and regions the file names, each to take down or restore; a hint when it names none. */
  private renderDomains(): void {
    const d = this.outline?.failureDomains;
    if (!d) return;
    if (d.zones.length === 0 && d.regions.length === 0) {
      this.domains.replaceChildren(el('p', 'No component names a zone or a region: give components "zones" (or a "region") to take one down here.', 'sim-muted'));
      return;
    }
    const parts: HTMLElement[] = [];
    for (const [kind, list, title] of [['zone', d.zones, 'Zones'], ['region', d.regions, 'Regions']] as const) {
      if (list.length === 0) continue;
      const ul = el('ul', undefined, 'sim-instance-list');
      ul.setAttribute('aria-label', title);
      for (const domain of list) ul.append(this.domainRow(kind, domain));
      parts.push(el('h4', title, 'sim-domain-kind'), ul);
    }
    parts.push(el('p', `An outage kills every instance placed in the zone or region at ${dur(this.timing.atMs)}, as a scenario's { "kill": { "zone": … } } does; Restore brings them back at ${dur(this.timing.backMs)}.`, 'sim-muted'));
    this.domains.replaceChildren(...parts);
  }

  private domainRow(kind: Outage['kind'], domain: OutlineDomain): HTMLElement {
    const outage = this.state.outages.find((o) => o.kind === kind && o.name === domain.name);
    const li = el('li', undefined, outage ? 'faulted kill' : undefined);
    li.dataset.kind = kind;
    li.dataset.name = domain.name;
    const held = domain.components;
    const holds = el('span', held.length === 0 ? 'no instance of any component' : `${held.slice(0, MAX_HELD_NAMED).join(', ')}${held.length > MAX_HELD_NAMED ? ` and ${held.length - MAX_HELD_NAMED} more` : ''}`, 'sim-instance-role');
    if (held.length > 0) holds.title = held.join(', ');
    li.append(el('span', domain.name, 'sim-domain-name'), holds, el('span', outage ? faultState('down', outage.restore, this.timing) : 'up', 'sim-instance-state'));
    const place = placeText({ kind, name: domain.name });
    const others = this.state.outages.filter((o) => o !== outage);
    const actions = el('span', undefined, 'sim-instance-actions');
    actions.append(
      actionButton('Kill', `Kill ${place}`, () => this.setFaults(this.state.faults, [...others, { kind, name: domain.name }]), outage === undefined || outage.restore === true),
      actionButton('Restore', `Restore ${place}`, () => outage && this.setFaults(this.state.faults, outage.restore ? others : [...others, { ...outage, restore: true }]), outage !== undefined),
    );
    li.append(actions);
    return li;
  }

  private renderScenarioControls(): void {
    const o = this.outline!;
    if (o.scenarios.length === 0) {
      this.scenarioControls.replaceChildren(el('p', 'The file declares no scenarios.', 'sim-muted'));
      return;
    }
    const select = el('vscode-single-select');
    select.setAttribute('aria-label', 'Scenario');
    for (const s of o.scenarios) {
      const option = el('vscode-option', `${s.index + 1}. ${s.name}`);
      option.value = String(s.index);
      select.append(option);
    }
    const chosen = o.scenarios.find((s) => s.index === this.state.scenario) ?? o.scenarios[0]!;
    select.value = String(chosen.index);
    select.addEventListener('change', () => {
      this.update({ scenario: Number(select.value) });
      // A scenario already run is shown on the diagram when chosen.
      const run = this.scenarioOverlays.get(Number(select.value));
      if (run) {
        this.scenarioRun = run;
        this.showRun();
      }
    });
    const run = el('vscode-button', 'Run');
    run.setAttribute('aria-label', 'Run the scenario');
    run.addEventListener('click', () => void this.runScenarios([Number(select.value)]));
    const all = el('vscode-button', 'Run all');
    all.setAttribute('aria-label', 'Run all scenarios');
    all.secondary = true;
    all.addEventListener('click', () => void this.runScenarios(undefined));
    this.seedLabel = el('span', seedText(this.source?.seed), 'sim-muted');
    this.scenarioControls.replaceChildren(field('Scenario', select), run, all, this.seedLabel);
  }
}

/** The seed the Scenarios tab runs with, where it is set, and which scenarios it seeds (see scenarioSeed). */
function seedText(seed: number | undefined): string {
  return `seed ${seed ?? ''} (setting scale.simulationSeed) for the scenarios that name none`;
}

/** A row's action: a secondary button whose label the row completes for screen readers ("Kill api#3"). */
function actionButton(label: string, ariaLabel: string, run: () => void, enabled: boolean): HTMLElement {
  const b = el('vscode-button', label);
  b.secondary = true;
  b.disabled = !enabled;
  b.setAttribute('aria-label', ariaLabel);
  b.addEventListener('click', run);
  return b;
}

function collapsible(heading: string, content: HTMLElement): HTMLElement {
  const c = el('vscode-collapsible');
  c.heading = heading;
  c.open = true;
  c.append(content);
  return c;
}

function field(label: string, control: HTMLElement): HTMLElement {
  const row = el('label', undefined, 'sim-field');
  row.append(el('span', label), control);
  return row;
}

/**
 * A field for a number, checked by `valueIn`: a text field, because a number
 * input's native step check would call 0.99 invalid (its default step is 1).
 */
function numberField(value: number): VscodeTextfield {
  const t = el('vscode-textfield');
  t.value = String(value);
  t.setAttribute('inputmode', 'decimal');
  return t;
}

/** The field's number: undefined when it equals the file's, null (and marked invalid) when it is not a valid value. */
function valueIn(t: VscodeTextfield, valid: (x: number) => boolean, fileValue: number): number | undefined | null {
  const x = t.value.trim() === '' ? NaN : Number(t.value);
  const ok = Number.isFinite(x) && valid(x);
  t.invalid = !ok;
  if (!ok) return null;
  return x === fileValue ? undefined : x;
}

function faultLabel(f: SimulationState['faults'][number], timing: { atMs: number }): string {
  return `${f.action} ${f.component}#${f.instance}${timing.atMs !== WHAT_IF_FAULT_AT_MS ? ` at ${dur(timing.atMs)}` : ''}${f.restore ? ' and restore it' : ''}`;
}

function outageLabel(o: Outage): string {
  return `kill ${placeText(o)}${o.restore ? ' and restore it' : ''}`;
}

/** "killed at 10 s", "down at 10 s, restored at 40 s". */
function faultState(what: string, restore: boolean | undefined, timing: { atMs: number; backMs: number }): string {
  return restore ? `${what} at ${dur(timing.atMs)}, restored at ${dur(timing.backMs)}` : `${what} at ${dur(timing.atMs)}`;
}

/** Why a run gave no result, in words. */
function failure(outcome: Exclude<WorkerOutcome<SimAnswer>, { kind: 'superseded' }>, what: string): string {
  if (outcome.kind === 'timeout') return `The simulation of ${what} took longer than ${SIMULATION_TIMEOUT_MS / 1000} s and was stopped.`;
  if (outcome.kind === 'error') return `The simulation of ${what} failed: ${outcome.message}`;
  return outcome.value.kind === 'notSimulated' ? `Not simulated: ${outcome.value.reason}.` : `The simulation of ${what} gave no result.`;
}
