/**
 * Zoom (wheel, keys, buttons), pan (drag) and fit-to-view of the SVG: one
 * transform on one group, so an update of the drawing keeps the view.
 */
import { FONT_SIZE, MIN_FIT_TEXT_PX } from '../src/core/diagram/metrics';
import type { ViewState } from '../src/core/webviewProtocol';
import type { Box } from './geometry';

const MIN_ZOOM = 0.05;
/** The zoom at which a component's text is MIN_FIT_TEXT_PX high: fitting never goes below it. */
const MIN_FIT_ZOOM = MIN_FIT_TEXT_PX / FONT_SIZE;
/** Room left around what is fitted or brought into view, in CSS pixels. */
const MARGIN = 16;
const MAX_ZOOM = 4;
/** Room left of and above a diagram too large to fit, drawn from its top left corner. */
export const FIT_MARGIN = 8;
/** A press that moves less than this is a click, not a drag. */
const DRAG_THRESHOLD = 4;

/** The view of one SVG. */
export class Viewport {
  private view: ViewState = { x: 0, y: 0, k: 1 };
  private drag: { id: number; x: number; y: number; vx: number; vy: number; moved: boolean } | undefined;
  /** True right after a drag, so that the click that ends it does not count as a click on a node. */
  private suppressClick = false;

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly layer: SVGGElement,
    private readonly changed: (view: ViewState) => void,
  ) {
    svg.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    svg.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    svg.addEventListener('pointermove', (e) => this.onPointerMove(e));
    svg.addEventListener('pointerup', (e) => this.onPointerUp(e));
    svg.addEventListener('pointercancel', (e) => this.onPointerUp(e));
    svg.addEventListener('click', (e) => {
      if (this.suppressClick) {
        e.stopPropagation();
        this.suppressClick = false;
      }
    }, true);
    svg.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** The current view. */
  get state(): ViewState {
    return { ...this.view };
  }

  /** Sets the view (restored state, or a shift after a re-layout). */
  set(view: ViewState): void {
    this.view = { x: view.x, y: view.y, k: clamp(view.k, MIN_ZOOM, MAX_ZOOM) };
    this.apply();
  }

  /** Moves the drawing by a diagram-space offset (so that shifted content stays in place on screen). */
  shiftBy(dx: number, dy: number): void {
    this.set({ x: this.view.x - dx * this.view.k, y: this.view.y - dy * this.view.k, k: this.view.k });
  }

  /**
   * Fits a box into the SVG, at most at 100% and never below `minZoom` (by
   * default the zoom at which a component's text is MIN_FIT_TEXT_PX): a box
   * that fits only smaller is shown from its start (top left, where requests
   * enter, `margin` from the edge), centred on an axis where it fits. Whether
   * all of it is in view.
   */
  fit(box: Box, minZoom = MIN_FIT_ZOOM, margin = MARGIN): boolean {
    const { width, height } = this.size();
    if (box.width <= 0 || box.height <= 0 || width <= 0 || height <= 0) return true;
    const k = clamp(Math.max(Math.min(width / box.width, height / box.height, 1) * 0.95, Math.min(minZoom, 1)), MIN_ZOOM, MAX_ZOOM);
    const place = (room: number, start: number, size: number) => (size * k <= room ? (room - size * k) / 2 : margin) - start * k;
    this.set({ x: place(width, box.x, box.width), y: place(height, box.y, box.height), k });
    return box.width * k <= width && box.height * k <= height;
  }

  /**
   * Brings a box into view with the least change: panned just enough, after
   * zooming out around the view's centre when it is larger than the view —
   * never below MIN_FIT_ZOOM, where it is shown from its start instead.
   */
  include(box: Box): void {
    const { width, height } = this.size();
    if (width <= 0 || height <= 0) return;
    const { x, y, k } = this.view;
    const needed = Math.min((width - 2 * MARGIN) / box.width, (height - 2 * MARGIN) / box.height);
    const k2 = needed < k ? Math.max(needed, Math.min(k, MIN_FIT_ZOOM)) : k;
    const r = k2 / k;
    const shift = (offset: number, room: number, start: number, size: number) => {
      const lo = start * k2 + offset;
      const hi = (start + size) * k2 + offset;
      if (hi - lo > room - 2 * MARGIN || lo < MARGIN) return offset + MARGIN - lo;
      return hi > room - MARGIN ? offset - (hi - (room - MARGIN)) : offset;
    };
    const nx = width / 2 - (width / 2 - x) * r;
    const ny = height / 2 - (height / 2 - y) * r;
    this.set({ x: shift(nx, width, box.x, box.width), y: shift(ny, height, box.y, box.height), k: k2 });
  }

  /** Whether a box is wholly in view. */
  shows(box: Box): boolean {
    const { width, height } = this.size();
    const { x, y, k } = this.view;
    const left = box.x * k + x;
    const top = box.y * k + y;
    return left >= 0 && top >= 0 && left + box.width * k <= width && top + box.height * k <= height;
  }

  /** Zooms by a factor around a point of the SVG (its centre by default). */
  zoomBy(factor: number, at?: { x: number; y: number }): void {
    const { width, height } = this.size();
    const p = at ?? { x: width / 2, y: height / 2 };
    const k = clamp(this.view.k * factor, MIN_ZOOM, MAX_ZOOM);
    const r = k / this.view.k;
    this.set({ x: p.x - (p.x - this.view.x) * r, y: p.y - (p.y - this.view.y) * r, k });
  }

  /** Pans so that a box is in view, when it is not. */
  reveal(box: Box): void {
    if (this.shows(box)) return;
    const { width, height } = this.size();
    const { k } = this.view;
    this.set({ x: width / 2 - (box.x + box.width / 2) * k, y: height / 2 - (box.y + box.height / 2) * k, k });
  }

  private size(): { width: number; height: number } {
    const r = this.svg.getBoundingClientRect();
    return { width: r.width, height: r.height };
  }

  private apply(): void {
    const { x, y, k } = this.view;
    this.layer.setAttribute('transform', `translate(${round(x)} ${round(y)}) scale(${round(k, 5)})`);
    this.changed(this.state);
  }

  private point(e: MouseEvent): { x: number; y: number } {
    const r = this.svg.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    // Pixels, lines or pages: about 100 px a notch; pinch gestures arrive as ctrl+wheel with small deltas.
    const delta = e.deltaMode === 1 ? e.deltaY * 33 : e.deltaMode === 2 ? e.deltaY * 400 : e.deltaY;
    this.zoomBy(Math.exp(-delta * (e.ctrlKey ? 0.01 : 0.0015)), this.point(e));
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0 || this.drag) return;
    this.drag = { id: e.pointerId, x: e.clientX, y: e.clientY, vx: this.view.x, vy: this.view.y, moved: false };
  }

  private onPointerMove(e: PointerEvent): void {
    const d = this.drag;
    if (!d || d.id !== e.pointerId) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    if (!d.moved) {
      d.moved = true;
      this.svg.setPointerCapture(e.pointerId);
      this.svg.classList.add('dragging');
    }
    this.set({ x: d.vx + dx, y: d.vy + dy, k: this.view.k });
  }

  private onPointerUp(e: PointerEvent): void {
    const d = this.drag;
    if (!d || d.id !== e.pointerId) return;
    this.drag = undefined;
    this.svg.classList.remove('dragging');
    if (d.moved) {
      this.suppressClick = true;
      // A click only follows a pointerup over the same element; clear the flag if none comes.
      setTimeout(() => (this.suppressClick = false), 0);
      if (this.svg.hasPointerCapture(e.pointerId)) this.svg.releasePointerCapture(e.pointerId);
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (e.target !== this.svg) return; // keys on a focused node are the node's
    const step = 60;
    const moves: Record<string, [number, number]> = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (e.key === '+' || e.key === '=') this.zoomBy(1.25);
    else if (e.key === '-') this.zoomBy(0.8);
    else if (moves[e.key]) this.set({ x: this.view.x + moves[e.key]![0], y: this.view.y + moves[e.key]![1], k: this.view.k });
    else return;
    e.preventDefault();
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : 1;
}

function round(v: number, digits = 2): string {
  return String(Number(v.toFixed(digits)));
}
