// Small statistics helpers shared by the features: entropies, log–log fits, ranks.

/**
 * −Σ p log_base p with p = w / Σw; terms with p = 0 contribute 0 (0·log 0 = 0).
 * An empty or all-zero weight vector gives 0.
 */
export function entropyFromWeights(w: ArrayLike<number>, base: number): number {
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i];
  if (!(total > 0)) return 0;
  let h = 0;
  for (let i = 0; i < w.length; i++) {
    const p = w[i] / total;
    if (p > 0) h -= p * Math.log(p);
  }
  return h / Math.log(base);
}

export interface LineFit {
  slope: number;
  intercept: number;
  /** 1 − SS_res / SS_tot of the fit (NaN if y is constant). */
  r2: number;
}

/** Ordinary least-squares line y = slope·x + intercept (numpy.polyfit deg=1). */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>): LineFit {
  const m = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < m; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= m;
  my /= m;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < m; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let ssr = 0;
  for (let i = 0; i < m; i++) {
    const r = y[i] - (slope * x[i] + intercept);
    ssr += r * r;
  }
  return { slope, intercept, r2: 1 - ssr / syy };
}

/** Least-squares fit of ln y against ln x. */
export function fitLogLog(x: ArrayLike<number>, y: ArrayLike<number>): LineFit {
  const lx = new Float64Array(x.length);
  const ly = new Float64Array(y.length);
  for (let i = 0; i < x.length; i++) {
    lx[i] = Math.log(x[i]);
    ly[i] = Math.log(y[i]);
  }
  return fitLine(lx, ly);
}

/** Ranks 1..m with ties given their average rank (scipy.stats.rankdata 'average'). */
export function averageRanks(v: ArrayLike<number>): Float64Array {
  const m = v.length;
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  order.sort((a, b) => v[a] - v[b]);
  const ranks = new Float64Array(m);
  let i = 0;
  while (i < m) {
    let j = i;
    while (j + 1 < m && v[order[j + 1]] === v[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

/** Pearson correlation of two equal-length vectors. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const m = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < m; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= m;
  mb /= m;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < m; i++) {
    const x = a[i] - ma;
    const y = b[i] - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return sab / Math.sqrt(saa * sbb);
}
