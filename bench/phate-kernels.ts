// `npm run bench -- phate-kernels [--n 2000] [--only spectrum,power,gram]`
// The dense kernels of PHATE's exact path, each old (JS loop) and new (wasm
// SIMD) back to back in this one process on the same networks_like(N) input,
// in process CPU seconds (the machine is shared: compare the ratio, not the
// seconds), with the largest difference between the two results.
import { networksLike, roundedDistances } from './networksLike';
import {
  computeBandwidths,
  computeKernel,
  connectedComponents,
  componentMembers,
  csrSubmatrix,
  denseToCsr,
  effectiveKnn,
} from '../src/core/phate/kernel';
import { rowNormalised } from '../src/core/phate/sparseKernel';
import { gramLowerOf } from '../src/core/phate/vne';
import { symmetricEigenvaluesSteps } from '../src/core/linalg/symmetricEigenvalues';
import { topEigenpairs } from '../src/core/linalg/topEigenpairs';
import { potentialDistancesFromBlocks, componentPowers, potentialBlocksInPlace, potentialValue } from '../src/core/phate/potential';
import { csrPowerDenseSteps, gramLower, potential } from '../src/core/phate/potential';

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function drain<T>(g: Generator<void, T>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

function timed<T>(f: () => T): [T, number] {
  const c0 = cpu();
  const r = f();
  return [r, cpu() - c0];
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(a[i]));
    m = Math.max(m, Math.abs(a[i] - b[i]));
  }
  return m / (scale || 1);
}

function line(name: string, js: number, wasm: number, diff: number): void {
  console.log(
    `${name.padEnd(34)} js ${js.toFixed(2)} s   wasm ${wasm.toFixed(2)} s   ${(js / wasm).toFixed(2)}x   max rel diff ${diff.toExponential(2)}`,
  );
}

export async function run(argv: string[]): Promise<void> {
  const i = argv.indexOf('--n');
  const n = i >= 0 ? Number(argv[i + 1]) : 2000;
  const j = argv.indexOf('--only');
  const only = j >= 0 ? argv[j + 1].split(',') : ['spectrum', 'power', 'gram', 'classic'];
  const os = await import('node:os');
  console.log(
    `PHATE kernels, N = ${n}, Node ${process.version}, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}; CPU seconds of this process`,
  );
  const { X } = networksLike(n, 1000 + n);
  const D = roundedDistances(X, n, 20);
  const knn = effectiveKnn(5, n);
  const K = computeKernel(D, n, { knn, decay: 40 }, computeBandwidths(D, n, knn));
  const members = componentMembers(connectedComponents(K, n));
  const P = rowNormalised(denseToCsr(K, n));
  const big = members.reduce((a, b) => (b.length > a.length ? b : a));
  const Pc = big.length === n ? P : csrSubmatrix(P, big);
  console.log(`components ${members.map((m) => m.length).join(', ')}; kernels run on the largest (${Pc.n})`);
  await Promise.resolve();
  if (only.includes('spectrum')) {
    const G = gramLowerOf(Pc);
    const [ej, tj] = timed(() => drain(symmetricEigenvaluesSteps(Float64Array.from(G), Pc.n, 4e6, false)));
    const [ew, tw] = timed(() => drain(symmetricEigenvaluesSteps(Float64Array.from(G), Pc.n, 4e6, true)));
    ej.sort();
    ew.sort();
    line('eigenvalues of P P^T (Householder)', tj, tw, maxRelDiff(ej, ew));
  }
  const tIdx = argv.indexOf('--t');
  const t = tIdx >= 0 ? Number(argv[tIdx + 1]) : 14;
  if (only.includes('power')) {
    for (const panel of [64, 32]) {
      const [pj, tj] = timed(() => drain(csrPowerDenseSteps(Pc, t, panel, false)));
      const [pw, tw] = timed(() => drain(csrPowerDenseSteps(Pc, t, panel, true)));
      line(`P^${t}, panels of ${panel} columns`, tj, tw, maxRelDiff(pj, pw));
    }
  }
  if (only.includes('gram')) {
    const U = potential(drain(csrPowerDenseSteps(Pc, t)));
    const m = Pc.n;
    const [gj, tj] = timed(() => gramLower(U, m, m, false));
    const [gw, tw] = timed(() => gramLower(U, m, m, true));
    let diff = 0;
    let scale = 0;
    for (let a = 0; a < m; a++)
      for (let b = 0; b <= a; b++) {
        scale = Math.max(scale, Math.abs(gj[a * m + b]));
        diff = Math.max(diff, Math.abs(gj[a * m + b] - gw[a * m + b]));
      }
    line('Gram U U^T of the potential (lower)', tj, tw, diff / scale);
  }
  if (only.includes('classic')) {
    // classic MDS's top eigenpairs of the double-centred squared potential distances (all N points)
    const blocks = componentPowers(P, members, t);
    potentialBlocksInPlace(blocks, 1);
    const Dp = potentialDistancesFromBlocks(blocks, members, n, potentialValue(0, 1));
    const B = new Float64Array(n * n);
    for (let a = 0; a < n * n; a++) B[a] = Dp[a] * Dp[a];
    const cm = new Float64Array(n);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) cm[b] += B[a * n + b] / n;
    for (let a = 0; a < n; a++) {
      let rm = 0;
      for (let b = 0; b < n; b++) rm += B[a * n + b] -= cm[b];
      for (let b = 0; b < n; b++) B[a * n + b] -= rm / n;
    }
    const [ej, tj] = timed(() => topEigenpairs(B, n, 3, { useWasm: false }));
    const [ew, tw] = timed(() => topEigenpairs(B, n, 3, { useWasm: true }));
    let d = 0;
    for (let c = 0; c < 3; c++) {
      let dot = 0;
      for (let a = 0; a < n; a++) dot += ej.vectors[a * 3 + c] * ew.vectors[a * 3 + c];
      d = Math.max(d, 1 - Math.abs(dot));
    }
    line(`classic MDS eigenpairs (${ej.iterations} / ${ew.iterations} sweeps)`, tj, tw, Math.max(d, maxRelDiff(ej.values, ew.values)));
  }
}
