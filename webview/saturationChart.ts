/**
 * The saturation chart, drawn by the report page and the simulation panel
 * from the core's data (load/saturationCurve.ts): one line per component that
 * saturates first (its busiest node's utilization as the workload grows), a
 * dashed line at 100%, the growth target marked, and the simulation's
 * measured points over the lines when there are some. The same figures are
 * given as text: the order in words and a table, for readers who cannot see
 * the canvas.
 */
import type { SaturationCurve } from '../src/core/load/saturationCurve';
import { saturationHeads, saturationRows, saturationSummary } from '../src/core/load/saturationText';
import type { SaturationPoint } from '../src/core/scenario/saturationPoints';
import { num, pct } from '../src/core/text/format';
import type { ChartColor, ChartSeries, Charts } from './charts';
import { el, table } from './dom';

/** One colour per drawn line, in saturation order (as many as SATURATION_LINES). */
const LINE_COLORS: readonly ChartColor[] = ['red', 'orange', 'blue', 'purple', 'green', 'yellow'];

/** The y axis stops here: lines far past saturation leave the top, the crossing of 100% stays readable. */
const Y_MAX_PERCENT = 200;

/** The chart with its words and table; `points`: the simulation's, when run. */
export function saturationChart(curve: SaturationCurve, points: readonly SaturationPoint[] | undefined, charts: Charts): HTMLElement {
  const section = el('div', undefined, 'saturation');
  const said = saturationSummary(curve);
  const summary = el('p', said, 'saturation-summary');
  if (curve.lines.length === 0) {
    section.append(summary);
    return section;
  }
  const xs = curve.multiples;
  const series: ChartSeries[] = curve.lines.map((l, i) => ({ label: l.id, values: l.utilization.map((u) => (u === null ? null : u * 100)), color: LINE_COLORS[i % LINE_COLORS.length]! }));
  series.push({ label: 'capacity (100%)', values: xs.map(() => 100), color: 'muted', dashed: true });
  const measured = points ?? [];
  if (measured.length > 0) {
    curve.lines.forEach((l, i) => {
      const at = new Map(measured.map((p) => [p.multiple, p.utilization[i]]));
      series.push({ label: `${l.id} (simulated)`, values: xs.map((m) => { const u = at.get(m); return u === undefined || u === null ? null : u * 100; }), color: LINE_COLORS[i % LINE_COLORS.length]!, style: 'points' });
    });
  }
  const target = `${num(curve.target)}×`;
  section.append(charts.chart({
    title: `Saturation as the workload grows: utilization of each component's busiest node against multiples of today's peak, the first ${curve.lines.length} to saturate, to past the ${target} ${curve.targetFrom === 'file' ? 'growth target' : 'default target'}${measured.length > 0 ? `, with the simulation's measurements at ${measured.length} multiples` : ''}. ${said}`,
    x: xs,
    xLabel: 'multiple of today\'s peak',
    yLabel: 'busiest node (% of capacity)',
    series,
    events: [{ x: curve.target, label: `${target} ${curve.targetFrom === 'file' ? 'target' : '(default target)'}`, color: 'muted' }],
    xTick: (x) => `${num(x)}×`,
    height: 220,
    yMax: Y_MAX_PERCENT,
  }), summary);
  const heads = saturationHeads(curve);
  const rows = saturationRows(curve);
  if (measured.length > 0) {
    heads.push('Simulated at its multiple');
    curve.lines.forEach((l, i) => {
      const u = measured.find((p) => p.multiple === l.multiple)?.utilization[i];
      rows[i]!.push(u === undefined || u === null ? 'not run' : pct(u));
    });
  }
  section.append(table(heads, rows, 'saturation-table'));
  if (measured.length > 0) {
    const details = el('details', undefined, 'saturation-points');
    details.append(el('summary', `Simulated at ${measured.length} multiples (no fault, the file's seed)`), table(['Multiple', ...curve.lines.map((l) => l.id), 'Refused'], measured.map((p) =>
      [`${num(p.multiple)}×`, ...p.utilization.map((u) => (u === null ? '' : pct(u))), pct(p.rejected)]), 'saturation-table'));
    section.append(details);
  }
  return section;
}
