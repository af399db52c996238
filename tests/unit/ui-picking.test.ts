// Screen-space picking and embedding normalisation used by the manifold view.
import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { nearestPoint, projectToClient } from '../../src/ui/picking';
import { normaliseEmbedding } from '../../src/core/explore/normalise';
import { mulberry32 } from '../../src/core/random';

describe('projectToClient', () => {
  it('agrees with three.js Vector3.project for a perspective camera after moves and resizes', () => {
    const rnd = mulberry32(11);
    const n = 50;
    const pos = new Float32Array(n * 3).map(() => rnd() * 2 - 1);
    const mask = new Uint8Array(n).fill(1);
    for (const [w, h, cam] of [
      [800, 600, [1.9, 1.3, 2.4]],
      [333, 777, [-2, 0.5, 1]],
    ] as const) {
      const camera = new THREE.PerspectiveCamera(45, w / h, 0.01, 100);
      camera.position.set(cam[0], cam[1], cam[2]);
      camera.lookAt(0, 0, 0);
      camera.updateMatrixWorld();
      const vp = new THREE.Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse);
      const rect = { left: 17, top: 40, width: w, height: h };
      const out = new Float32Array(n * 2);
      const vis = new Uint8Array(n);
      projectToClient(pos, mask, vp.elements, rect, out, vis);
      for (let i = 0; i < n; i++) {
        const v = new THREE.Vector3(pos[i * 3], pos[i * 3 + 1], pos[i * 3 + 2]).project(camera);
        expect(out[i * 2]).toBeCloseTo(rect.left + ((v.x + 1) / 2) * w, 2);
        expect(out[i * 2 + 1]).toBeCloseTo(rect.top + ((1 - v.y) / 2) * h, 2);
        expect(vis[i]).toBe(Math.abs(v.x) <= 1 && Math.abs(v.y) <= 1 && Math.abs(v.z) <= 1 ? 1 : 0);
      }
    }
  });

  it('marks masked-out and behind-camera points invisible', () => {
    const camera = new THREE.PerspectiveCamera(45, 1, 0.1, 100);
    camera.position.set(0, 0, 3);
    camera.lookAt(0, 0, 0);
    camera.updateMatrixWorld();
    const vp = new THREE.Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse);
    const pos = new Float32Array([0, 0, 0, 0, 0, 0, 0, 0, 5]);
    const mask = new Uint8Array([1, 0, 1]);
    const out = new Float32Array(6);
    const vis = new Uint8Array(3);
    projectToClient(pos, mask, vp.elements, { left: 0, top: 0, width: 100, height: 100 }, out, vis);
    expect(Array.from(vis)).toEqual([1, 0, 0]);
    expect(out[0]).toBeCloseTo(50, 5);
    expect(out[1]).toBeCloseTo(50, 5);
  });
});

describe('nearestPoint', () => {
  const screen = new Float32Array([10, 10, 20, 10, 100, 100]);
  it('returns the nearest visible point within the radius', () => {
    expect(nearestPoint(screen, new Uint8Array([1, 1, 1]), 13, 10, 8)).toBe(0);
    expect(nearestPoint(screen, new Uint8Array([1, 1, 1]), 17, 11, 8)).toBe(1);
    expect(nearestPoint(screen, new Uint8Array([0, 1, 1]), 13, 10, 8)).toBe(1);
  });
  it('returns -1 when nothing is close enough', () => {
    expect(nearestPoint(screen, new Uint8Array([1, 1, 1]), 60, 60, 8)).toBe(-1);
    expect(nearestPoint(screen, new Uint8Array([1, 1, 0]), 100, 100, 8)).toBe(-1);
  });
});

describe('normaliseEmbedding', () => {
  it('centres and scales finite rows to unit max radius and masks NaN rows', () => {
    const e = new Float64Array([1, 1, 1, 3, 1, 1, NaN, NaN, NaN, 2, 5, 1]);
    const pos = new Float32Array(12);
    const mask = new Uint8Array(4);
    expect(normaliseEmbedding(e, 3, 4, pos, mask)).toBe(3);
    expect(Array.from(mask)).toEqual([1, 1, 0, 1]);
    let maxR = 0;
    const mean = [0, 0, 0];
    for (const i of [0, 1, 3]) {
      const r = Math.hypot(pos[i * 3], pos[i * 3 + 1], pos[i * 3 + 2]);
      maxR = Math.max(maxR, r);
      for (let d = 0; d < 3; d++) mean[d] += pos[i * 3 + d] / 3;
    }
    expect(maxR).toBeCloseTo(1, 6);
    mean.forEach((m) => expect(m).toBeCloseTo(0, 6));
    expect(Array.from(pos.slice(6, 9))).toEqual([0, 0, 0]);
    // Shape is kept: distances are scaled uniformly.
    const d01 = Math.hypot(pos[0] - pos[3], pos[1] - pos[4], pos[2] - pos[5]);
    const d03 = Math.hypot(pos[0] - pos[9], pos[1] - pos[10], pos[2] - pos[11]);
    expect(d03 / d01).toBeCloseTo(Math.hypot(1, 4, 0) / 2, 5);
  });
  it('puts 2-D embeddings in the z = 0 plane', () => {
    const pos = new Float32Array(6);
    const mask = new Uint8Array(2);
    normaliseEmbedding(new Float64Array([0, 0, 2, 0]), 2, 2, pos, mask);
    expect(pos[2]).toBe(0);
    expect(pos[5]).toBe(0);
    expect(pos[0]).toBeCloseTo(-1, 6);
  });
});
