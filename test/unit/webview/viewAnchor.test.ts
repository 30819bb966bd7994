import assert from 'node:assert/strict';
import { type Layout, ViewAnchor } from '../../../webview/geometry';

/** A layout of components at the given corners. */
function layout(key: string, at: Record<string, [number, number]>): Layout {
  const nodes = new Map(Object.entries(at).map(([id, [x, y]]) => [id, { x, y, width: 100, height: 40 }] as const));
  return { key, bounds: { x: 0, y: 0, width: 1000, height: 1000 }, nodes, groups: new Map(), edges: new Map() };
}

describe('webview: the view anchor (components stay where they were drawn)', () => {
  it('gives the median move of the components drawn before, and nothing for the first drawing or no move', () => {
    const a = new ViewAnchor();
    assert.equal(a.place(layout('1', { a: [0, 0], b: [200, 0], c: [400, 0] })), undefined);
    assert.equal(a.place(layout('1', { a: [0, 0], b: [200, 0], c: [400, 0] })), undefined);
    // Two moved down by 50, one (the changed one) elsewhere: the median follows the two.
    assert.deepEqual(a.place(layout('2', { a: [0, 50], b: [200, 50], c: [900, 700], d: [0, 0] })), { dx: 0, dy: 50 });
  });

  it('keeps the anchor across a drawing that shares no component with it', () => {
    const a = new ViewAnchor();
    a.place(layout('1', { a: [0, 0], b: [200, 0] }));
    assert.equal(a.place(layout('half-typed', { x: [0, 0], description: [200, 0] })), undefined);
    assert.deepEqual(a.place(layout('2', { new: [0, 0], a: [30, 90], b: [230, 90] })), { dx: 30, dy: 90 });
  });

  it('counts the shifts already given: a second re-layout shifts by its own move only', () => {
    const a = new ViewAnchor();
    a.place(layout('1', { a: [0, 0], b: [200, 0] }));
    assert.deepEqual(a.place(layout('2', { a: [0, 40], b: [200, 40], n: [400, 0] })), { dx: 0, dy: 40 });
    // "n" first drawn at (400, 0) under a shift of 40: it stays put when it is at (400, 40) now.
    assert.equal(a.place(layout('3', { a: [0, 40], b: [200, 40], n: [400, 40] })), undefined);
    assert.deepEqual(a.place(layout('4', { a: [10, 40], b: [210, 40], n: [410, 40] })), { dx: 10, dy: 0 });
  });

  it('forgets everything on reset (another document)', () => {
    const a = new ViewAnchor();
    a.place(layout('1', { a: [0, 0] }));
    a.reset();
    assert.equal(a.place(layout('2', { a: [500, 500] })), undefined);
    assert.equal(a.place(layout('2', { a: [500, 500] })), undefined);
  });
});
