import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NpyError, parseNpy, writeNpy } from '../../src/core/import/npy';

/** Build .npy bytes by hand: any descr, order, version and element writer. */
function npyBytes(
  descr: string,
  shape: number[],
  fortran: boolean,
  version: 1 | 2 | 3,
  size: number,
  values: number[],
  put: (dv: DataView, off: number, v: number) => void,
): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const pre = version === 1 ? 10 : 12;
  header += ' '.repeat((64 - ((pre + header.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(pre + header.length + values.length * size);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, header.length, true);
  else dv.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[pre + i] = header.charCodeAt(i);
  values.forEach((v, i) => put(dv, pre + header.length + i * size, v));
  return out;
}

// A 2×3×4 array whose C-order flat index i holds f(i).
const shape = [2, 3, 4];
const f = (i: number) => i * 0.5 - 3;
const cOrder = Array.from({ length: 24 }, (_, i) => f(i));
/** The same array's elements in Fortran (column-major) order. */
const fOrder: number[] = [];
for (let k = 0; k < 4; k++) for (let j = 0; j < 3; j++) for (let i = 0; i < 2; i++) fOrder.push(f(i * 12 + j * 4 + k));

describe('npy parser', () => {
  it('reads f4/f8, both byte orders, all header versions, C and Fortran order', () => {
    for (const version of [1, 2, 3] as const) {
      for (const little of [true, false]) {
        for (const fortran of [false, true]) {
          const vals = fortran ? fOrder : cOrder;
          const e = little ? '<' : '>';
          const a4 = parseNpy(npyBytes(`${e}f4`, shape, fortran, version, 4, vals, (dv, o, v) => dv.setFloat32(o, v, little)));
          expect(a4.shape).toEqual(shape);
          expect(a4.data).toBeInstanceOf(Float32Array);
          expect(Array.from(a4.data)).toEqual(cOrder);
          const a8 = parseNpy(npyBytes(`${e}f8`, shape, fortran, version, 8, vals, (dv, o, v) => dv.setFloat64(o, v, little)));
          expect(a8.data).toBeInstanceOf(Float64Array);
          expect(Array.from(a8.data)).toEqual(cOrder);
        }
      }
    }
  });

  it('reads integer dtypes into Int32Array', () => {
    const ints = [0, 1, -2, 300, -40000, 2147483647];
    const i4 = parseNpy(npyBytes('>i4', [6], false, 1, 4, ints, (dv, o, v) => dv.setInt32(o, v, false)));
    expect(Array.from(i4.data)).toEqual(ints);
    const i8 = parseNpy(npyBytes('<i8', [2, 3], false, 1, 8, ints, (dv, o, v) => dv.setBigInt64(o, BigInt(v), true)));
    expect(i8.data).toBeInstanceOf(Int32Array);
    expect(Array.from(i8.data)).toEqual(ints);
    const u1 = parseNpy(npyBytes('|u1', [4], false, 1, 1, [0, 7, 128, 255], (dv, o, v) => dv.setUint8(o, v)));
    expect(Array.from(u1.data)).toEqual([0, 7, 128, 255]);
  });

  it('round-trips its own writer', () => {
    const a = Float32Array.from({ length: 15 }, (_, i) => Math.sin(i));
    const back = parseNpy(writeNpy(a, [5, 3]));
    expect(back.shape).toEqual([5, 3]);
    expect(back.data).toEqual(a);
  });

  it('gives clear errors for malformed or unsupported files', () => {
    const good = writeNpy(new Float64Array(6), [2, 3]);
    expect(() => parseNpy(new Uint8Array([1, 2, 3]), 'x.npy')).toThrow(/x.npy: not a .npy file/);
    expect(() => parseNpy(good.subarray(0, good.length - 1))).toThrow(/truncated data/);
    expect(() => parseNpy(good.subarray(0, 20))).toThrow(/truncated header/);
    const extra = new Uint8Array(good.length + 3);
    extra.set(good);
    expect(() => parseNpy(extra)).toThrow(/unexpected bytes/);
    const c8 = npyBytes('<c8', [1], false, 1, 8, [0], () => {});
    expect(() => parseNpy(c8)).toThrow(/unsupported dtype '<c8'/);
    const big = npyBytes('<i8', [1], false, 1, 8, [0], (dv, o) => dv.setBigInt64(o, 2n ** 40n, true));
    expect(() => parseNpy(big)).toThrow(/does not fit in int32/);
    const header = "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }\n";
    const structured = new Uint8Array(10 + header.length + 4);
    structured.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length, 0]);
    for (let i = 0; i < header.length; i++) structured[10 + i] = header.charCodeAt(i);
    expect(() => parseNpy(structured)).toThrow(NpyError);
    expect(() => parseNpy(structured)).toThrow(/structured arrays/);
    const v9 = good.slice();
    v9[6] = 9;
    expect(() => parseNpy(v9)).toThrow(/unsupported .npy format version 9/);
  });

  it('agrees with files written by numpy itself (when python3 has numpy)', (ctx) => {
    let hasNumpy = true;
    try {
      execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    } catch {
      hasNumpy = false;
    }
    if (!hasNumpy) {
      // The hand-built headers above cover the format; say so rather than pass silently.
      ctx.skip();
      return;
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'npy-'));
    try {
      const script = `
import numpy as np, numpy.lib.format as fmt, sys
d = sys.argv[1]
a = np.arange(24).reshape(2, 3, 4) * 0.5 - 3
cases = {'f4le': a.astype('<f4'), 'f8be': a.astype('>f8'), 'fort': np.asfortranarray(a.astype('<f4')),
         'i8': (np.arange(24).reshape(2,3,4) - 5).astype('<i8'), 'u1': np.arange(24, dtype='u1').reshape(2,3,4), 'f2': a.astype('<f2'),
         'bool': (np.arange(24).reshape(2,3,4) % 3 == 0)}
for k, v in cases.items():
    np.save(f'{d}/{k}.npy', v)
with open(f'{d}/v2.npy', 'wb') as fh: fmt.write_array(fh, a.astype('<f8'), version=(2, 0))
with open(f'{d}/v3.npy', 'wb') as fh: fmt.write_array(fh, a.astype('<f8'), version=(3, 0))
`;
      execFileSync('python3', ['-c', script, dir]);
      const read = (k: string) => parseNpy(new Uint8Array(readFileSync(path.join(dir, `${k}.npy`))), k);
      for (const k of ['f4le', 'f8be', 'fort', 'f2', 'v2', 'v3']) {
        const arr = read(k);
        expect(arr.shape, k).toEqual(shape);
        expect(Array.from(arr.data), k).toEqual(cOrder);
      }
      expect(Array.from(read('i8').data)).toEqual(Array.from({ length: 24 }, (_, i) => i - 5));
      expect(Array.from(read('u1').data)).toEqual(Array.from({ length: 24 }, (_, i) => i));
      expect(Array.from(read('bool').data)).toEqual(Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? 1 : 0)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
