/**
 * The simulation panel's charts, all drawn by uPlot (canvas, axes and legend
 * by the library; nothing hand-drawn but the labelled event lines of a
 * timeline). Colours come from VS Code's theme variables, read when a chart
 * is drawn: a canvas cannot use CSS variables, so every chart is drawn again
 * when the theme changes (VS Code swaps the body's class and the variables)
 * and when its box is resized. uPlot's own stylesheet must be on the page
 * (see adoptChartStyles), in a style the CSP allows without `unsafe-inline`.
 */
import uPlot from 'uplot';

/** The theme colours a series may take (VS Code's chart palette). */
export type ChartColor = 'blue' | 'red' | 'orange' | 'green' | 'purple' | 'yellow' | 'muted';

const PALETTE: Record<ChartColor, [variable: string, fallback: string]> = {
  blue: ['--vscode-charts-blue', '#3794ff'],
  red: ['--vscode-charts-red', '#f14c4c'],
  orange: ['--vscode-charts-orange', '#d18616'],
  green: ['--vscode-charts-green', '#89d185'],
  purple: ['--vscode-charts-purple', '#b180d7'],
  yellow: ['--vscode-charts-yellow', '#cca700'],
  muted: ['--vscode-descriptionForeground', '#8b8b8b'],
};

/** One series of a chart. */
export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: ChartColor;
  /** Line (default), bars, steps that hold each value until the next x, or points alone (measurements over a line). */
  style?: 'line' | 'bars' | 'steps' | 'points';
  dashed?: boolean;
}

/** A chart: x values, series over them, and optional labelled event lines (a timeline's events). */
export interface ChartSpec {
  /** Accessible name of the chart. */
  title: string;
  x: number[];
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  events?: { x: number; label: string; color: ChartColor }[];
  /** Formats x values on the axis (default: the number). */
  xTick?: (x: number) => string;
  height?: number;
  /** Lowest y shown at most (default 0), so that bars start at zero. */
  yMin?: number;
  /** Highest y shown at most: lines past it leave the top (a chart about a threshold keeps it readable). */
  yMax?: number;
}

/** The charts of a page: drawn into hosts, redrawn on theme changes and resizes. */
export class Charts {
  private readonly charts = new Map<HTMLElement, { spec: ChartSpec; plot: uPlot | undefined }>();
  private readonly resize: ResizeObserver;
  private readonly themeWatch: MutationObserver;

  constructor() {
    this.resize = new ResizeObserver((entries) => {
      for (const e of entries) {
        const c = this.charts.get(e.target as HTMLElement);
        const width = Math.floor(e.contentRect.width);
        if (!c || width <= 0) continue;
        if (c.plot) c.plot.setSize({ width, height: c.spec.height ?? 160 });
        else this.draw(e.target as HTMLElement);
      }
    });
    // VS Code changes the body's class (vscode-light, vscode-dark, ...) and the variables with the theme.
    this.themeWatch = new MutationObserver(() => {
      for (const host of this.charts.keys()) this.draw(host);
    });
    this.themeWatch.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
    this.themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  }

  /** A new chart in a fresh element (drawn once the element has a width). */
  chart(spec: ChartSpec): HTMLElement {
    const host = document.createElement('div');
    host.className = 'chart';
    host.setAttribute('role', 'img');
    host.setAttribute('aria-label', spec.title);
    this.charts.set(host, { spec, plot: undefined });
    this.resize.observe(host);
    return host;
  }

  /** Destroys every chart and stops watching sizes and the theme. */
  dispose(): void {
    for (const c of this.charts.values()) c.plot?.destroy();
    this.charts.clear();
    this.resize.disconnect();
    this.themeWatch.disconnect();
  }

  /** Forgets the charts inside an element that is about to be replaced. */
  release(within: Element): void {
    for (const [host, c] of this.charts) {
      if (!within.contains(host)) continue;
      c.plot?.destroy();
      this.resize.unobserve(host);
      this.charts.delete(host);
    }
  }

  private draw(host: HTMLElement): void {
    const c = this.charts.get(host);
    const width = Math.floor(host.clientWidth);
    if (!c || width <= 0) return;
    c.plot?.destroy();
    c.plot = new uPlot(options(c.spec, width), [c.spec.x, ...c.spec.series.map((s) => s.values)], host);
  }
}

/** An axis's room for its ticks and tick labels at least, its ticks' length and the gap before the labels, in CSS pixels. */
const AXIS_SIZE = 40;
const TICK_SIZE = 10;
const AXIS_GAP = 5;

function options(spec: ChartSpec, width: number): uPlot.Options {
  const fg = themeColor('--vscode-descriptionForeground', '#8b8b8b');
  const grid = themeColor('--vscode-editorWidget-border', 'rgba(128, 128, 128, 0.3)');
  const font = `11px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
  const axis = (label: string): uPlot.Axis => ({ label, stroke: fg, font, labelFont: font, size: AXIS_SIZE, labelSize: 18, gap: AXIS_GAP, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1, size: TICK_SIZE } });
  const xAxis = axis(spec.xLabel);
  const yAxis = axis(spec.yLabel);
  // The y axis as wide as its widest tick label needs ("100,000"): a fixed room let wide figures run over the axis's
  // title and off the canvas.
  yAxis.size = (u, values) => {
    if (!values || values.length === 0) return AXIS_SIZE;
    const ctx = u.ctx;
    const before = ctx.font;
    ctx.font = font;
    const widest = Math.max(...values.map((v) => ctx.measureText(v).width));
    ctx.font = before;
    return Math.max(AXIS_SIZE, Math.ceil(TICK_SIZE + AXIS_GAP + widest + 2));
  };
  if (spec.xTick) {
    const tick = spec.xTick;
    xAxis.values = (_u, splits) => splits.map((v) => tick(v));
  }
  const bars = spec.series.some((s) => s.style === 'bars');
  // Over measured points, a line's own sample points would read as measurements too.
  const measured = spec.series.some((s) => s.style === 'points');
  return {
    width,
    height: spec.height ?? 160,
    series: [
      { label: spec.xLabel },
      ...spec.series.map((s): uPlot.Series => {
        const color = themeColor(...PALETTE[s.color]);
        return {
          label: s.label,
          stroke: color,
          width: s.style === 'bars' ? 0 : 1.5,
          ...(measured && (s.style ?? 'line') === 'line' ? { points: { show: false } } : {}),
          ...(s.style === 'bars' ? { fill: color, paths: uPlot.paths.bars!({ size: [0.7, 40, 1] }), points: { show: false } } : {}),
          ...(s.style === 'steps' ? { paths: uPlot.paths.stepped!({ align: 1 }), points: { show: false } } : {}),
          ...(s.dashed ? { dash: [5, 4], points: { show: false } } : {}),
          ...(s.style === 'points' ? { paths: () => null, points: { show: true, size: 7, fill: color, stroke: color } } : {}),
          spanGaps: false,
        };
      }),
    ],
    scales: {
      // Bars need room half a bar beyond the first and last x.
      x: bars ? { time: false, range: (_u, lo, hi) => [lo - 0.5, hi + 0.5] } : { time: false },
      y: { range: (_u, lo, hi) => [Math.min(spec.yMin ?? 0, lo), Math.min(spec.yMax ?? Infinity, hi > 0 ? hi * 1.1 : 1)] },
    },
    axes: [xAxis, yAxis],
    legend: { show: true, live: false },
    cursor: { drag: { x: false, y: false } },
    hooks: spec.events?.length ? { draw: [(u) => drawEvents(u, spec.events!, font)] } : {},
  };
}

/** The labelled vertical lines of a timeline: where each event happened. */
function drawEvents(u: uPlot, events: NonNullable<ChartSpec['events']>, font: string): void {
  const ctx = u.ctx;
  const dpr = devicePixelRatio || 1;
  const { left, top, width, height } = u.bbox;
  const bottom = top + height;
  ctx.save();
  ctx.font = font.replace(/^(\d+)px/, (_m, px: string) => `${Number(px) * dpr}px`);
  ctx.textBaseline = 'top';
  // uPlot leaves the alignment of its last axis label: the measured boxes start where the text does.
  ctx.textAlign = 'left';
  // Events at the same pixel share one line and one label.
  const lines = new Map<number, { color: string; labels: string[] }>();
  for (const e of [...events].sort((a, b) => a.x - b.x)) {
    const x = Math.round(u.valToPos(e.x, 'x', true));
    const line = lines.get(x);
    if (line) line.labels.push(e.label);
    else lines.set(x, { color: themeColor(...PALETTE[e.color]), labels: [e.label] });
  }
  // Labels go in rows, each in the first row where it overlaps no other (measured), right of its line or left of
  // it at the plot's right edge; one that fits in no row is cut to the room it has, or left out: never drawn over another.
  const rowHeight = 13 * dpr;
  const gap = 4 * dpr;
  const rows: [number, number][][] = Array.from({ length: Math.max(1, Math.floor((height - 2 * dpr) / rowHeight)) }, () => []);
  for (const [x, { color, labels }] of lines) {
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = dpr;
    ctx.setLineDash([4 * dpr, 3 * dpr]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    const placed = placeLabel(ctx, labels.join(' · '), x, left, left + width, 3 * dpr, rows, gap);
    if (placed) ctx.fillText(placed.text, placed.x, top + 2 * dpr + placed.row * rowHeight);
  }
  ctx.restore();
}

/** Where an event's label goes: the first row with room for it beside its line (cut to fit if it must be), or nowhere. */
function placeLabel(ctx: CanvasRenderingContext2D, text: string, x: number, min: number, max: number, pad: number, rows: [number, number][][], gap: number): { text: string; x: number; row: number } | undefined {
  const free = (row: [number, number][], from: number, to: number) => row.every(([a, b]) => to + gap <= a || from >= b + gap);
  for (let cut = text; cut.length > 0; cut = shorter(cut)) {
    const w = ctx.measureText(cut).width;
    const from = x + pad + w <= max ? x + pad : x - pad - w >= min ? x - pad - w : undefined;
    if (from === undefined) continue;
    const row = rows.findIndex((r) => free(r, from, from + w));
    if (row < 0) continue;
    rows[row]!.push([from, from + w]);
    return { text: cut, x: from, row };
  }
  return undefined;
}

/** A label one word shorter, ending in an ellipsis ("" once nothing is left). */
function shorter(text: string): string {
  const words = text.replace(/…$/, '').trimEnd().split(' ');
  return words.length > 1 ? `${words.slice(0, -1).join(' ').replace(/[ ·]+$/, '')}…` : '';
}

function themeColor(variable: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(variable).trim() || fallback;
}

/**
 * Puts uPlot's stylesheet (its text: `css`) in a style element with the
 * nonce of the page's script, as the panel's CSP allows only nonce'd styles.
 * The panel's script calls it at its start; `scale report`'s page carries the
 * stylesheet itself under the same id (allowed by its hash), so its script
 * carries no copy.
 */
export function adoptChartStyles(css: string): void {
  if (document.getElementById('uplot-styles')) return;
  const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce || document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce || '';
  const style = document.createElement('style');
  style.id = 'uplot-styles';
  style.nonce = nonce;
  style.textContent = css;
  document.head.append(style);
}
