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

/**
 * Stable argsort of float64 values by an LSD radix sort on their IEEE-754 bits
 * (six 11-bit passes; sign-flipped so that the unsigned order is the numeric
 * order). O(m), and much faster than a comparator sort for the 32,640 distances
 * of a 256-point probe set. NaN is not supported; −0 sorts before +0.
 */
export function argsortFloat64(v: ArrayLike<number>): Uint32Array {
  const m = v.length;
  const f = Float64Array.from(v);
  const bits = new Uint32Array(f.buffer); // little-endian: [lo, hi] per value
  for (let i = 0; i < m; i++) {
    const hi = bits[2 * i + 1];
    if (hi & 0x80000000) {
      bits[2 * i] = ~bits[2 * i] >>> 0;
      bits[2 * i + 1] = ~hi >>> 0;
    } else {
      bits[2 * i + 1] = (hi | 0x80000000) >>> 0;
    }
  }
  let order = new Uint32Array(m);
  let next = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  const count = new Uint32Array(2048);
  const dig = new Uint16Array(m);
  for (let pass = 0; pass < 6; pass++) {
    const shift = pass * 11;
    // this pass's 11-bit digit of every value (indexed by original position)
    if (shift + 11 <= 32) for (let i = 0; i < m; i++) dig[i] = (bits[2 * i] >>> shift) & 2047;
    else if (shift >= 32) for (let i = 0; i < m; i++) dig[i] = (bits[2 * i + 1] >>> (shift - 32)) & 2047;
    else for (let i = 0; i < m; i++) dig[i] = ((bits[2 * i] >>> shift) | (bits[2 * i + 1] << (32 - shift))) & 2047;
    count.fill(0);
    for (let i = 0; i < m; i++) count[dig[i]]++;
    let sum = 0;
    for (let b = 0; b < 2048; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let q = 0; q < m; q++) {
      const i = order[q];
      next[count[dig[i]]++] = i;
    }
    const t = order;
    order = next;
    next = t;
  }
  return order;
}

/** Ranks 1..m with ties given their average rank (scipy.stats.rankdata 'average'). */
export function averageRanks(v: ArrayLike<number>): Float64Array {
  const m = v.length;
  const order = argsortFloat64(v);
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

/** Quantile p of ascending values by linear interpolation (numpy's default); NaN for none. */
export function quantileSorted(v: ArrayLike<number>, p: number): number {
  if (v.length === 0) return NaN;
  const h = (v.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, v.length - 1);
  return v[lo] + (h - lo) * (v[hi] - v[lo]);
}
