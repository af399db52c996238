// Keyboard control of the 3-D view (issue 13): orbit keeps the distance and
// turns about the up axis, polar moves stop short of the pole, zoom clamps to
// the controls' limits, stepping walks the candidates by the colour column.
import { describe, expect, it } from 'vitest';
import { orbitCamera, stepNetwork, viewKeyAction, zoomCamera } from '../../src/ui/layout/viewKeys';
import { buildNetworkTable } from '../../src/core/explore/table';
import { syntheticPopulation } from '../../src/app/synthetic';
import type { CameraState } from '../../src/core/viewstate/schema';

const cam: CameraState = { position: [2, 0.5, 1], target: [0.5, 0.2, -0.3], up: [0, 1, 0], zoom: 1 };
const off = (c: CameraState) => c.position.map((p, i) => p - c.target[i]);
const len = (v: number[]) => Math.hypot(...v);
const angleToUp = (c: CameraState) => Math.acos(off(c)[1] / len(off(c)));

describe('view keys', () => {
  it('orbiting about the up axis keeps the distance and the height', () => {
    const c = orbitCamera(cam, Math.PI / 2, 0);
    expect(len(off(c))).toBeCloseTo(len(off(cam)), 10);
    expect(off(c)[1]).toBeCloseTo(off(cam)[1], 10);
    // A quarter turn: the horizontal part of the offset is perpendicular to the old one.
    const a = off(cam);
    const b = off(c);
    expect(a[0] * b[0] + a[2] * b[2]).toBeCloseTo(0, 10);
    // Four quarter turns come back.
    let d = cam;
    for (let i = 0; i < 4; i++) d = orbitCamera(d, Math.PI / 2, 0);
    d.position.forEach((p, i) => expect(p).toBeCloseTo(cam.position[i], 10));
  });

  it('orbiting over the top raises the camera and stops short of the pole', () => {
    const up = orbitCamera(cam, 0, 0.2);
    expect(angleToUp(up)).toBeCloseTo(angleToUp(cam) - 0.2, 10);
    expect(len(off(up))).toBeCloseTo(len(off(cam)), 10);
    const over = orbitCamera(cam, 0, 10);
    expect(angleToUp(over)).toBeCloseTo(0.05, 10);
    const under = orbitCamera(cam, 0, -10);
    expect(angleToUp(under)).toBeCloseTo(Math.PI - 0.05, 10);
  });

  it('zoom scales the distance to the target within the limits', () => {
    const d0 = len(off(cam));
    expect(len(off(zoomCamera(cam, 0.5, 0.1, 10)))).toBeCloseTo(d0 * 0.5, 10);
    expect(len(off(zoomCamera(cam, 0.01, 0.3, 10)))).toBeCloseTo(0.3, 10);
    expect(len(off(zoomCamera(cam, 100, 0.3, 12)))).toBeCloseTo(12, 10);
    expect(zoomCamera(cam, 0.5, 0.1, 10).target).toEqual(cam.target);
  });

  it('maps keys to actions and leaves modified keys alone', () => {
    expect(viewKeyAction({ key: 'ArrowLeft', shiftKey: false, ctrlKey: false, metaKey: false, altKey: false })).toMatchObject({
      kind: 'orbit',
    });
    expect(viewKeyAction({ key: '+', shiftKey: true, ctrlKey: false, metaKey: false, altKey: false })).toMatchObject({ kind: 'zoom' });
    expect(viewKeyAction({ key: 'f', shiftKey: false, ctrlKey: false, metaKey: false, altKey: false })).toEqual({ kind: 'fit' });
    expect(viewKeyAction({ key: ']', shiftKey: false, ctrlKey: false, metaKey: false, altKey: false })).toEqual({ kind: 'step', dir: 1 });
    expect(viewKeyAction({ key: 'f', shiftKey: false, ctrlKey: true, metaKey: false, altKey: false })).toBeNull();
    expect(viewKeyAction({ key: 'x', shiftKey: false, ctrlKey: false, metaKey: false, altKey: false })).toBeNull();
  });

  it('steps through the candidates in the order of the colour column, wrapping, missing values last', () => {
    const pop = syntheticPopulation(30, 2);
    pop.networks[4].final.testAcc = NaN;
    const table = buildNetworkTable(pop);
    const acc = table.byId.get('accuracy')!.values;
    const all = () => true;
    const order: number[] = [];
    let id: string | null = null;
    for (let i = 0; i < 30; i++) {
      const s: { row: number; rank: number; count: number } = stepNetwork(table, 'accuracy', all, id, 1)!;
      expect(s.rank).toBe(i + 1);
      expect(s.count).toBe(30);
      order.push(s.row);
      id = table.ids[s.row];
    }
    expect(new Set(order).size).toBe(30);
    for (let i = 1; i < 29; i++) expect(acc[order[i]]).toBeGreaterThanOrEqual(acc[order[i - 1]]);
    expect(order[29]).toBe(4); // the missing value comes last
    // Wraps to the first; backwards from the first goes to the last.
    expect(stepNetwork(table, 'accuracy', all, id, 1)!.row).toBe(order[0]);
    expect(stepNetwork(table, 'accuracy', all, table.ids[order[0]], -1)!.row).toBe(4);
    // Only the candidates (a selection).
    const even = (r: number) => r % 2 === 0;
    const s = stepNetwork(table, 'accuracy', even, null, 1)!;
    expect(s.row % 2).toBe(0);
    expect(s.count).toBe(15);
    expect(stepNetwork(table, 'accuracy', () => false, null, 1)).toBeNull();
  });
});
