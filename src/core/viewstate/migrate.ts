// Older link formats, migrated step by step to the current wire format.
//
// v0 (the first app builds) wrote a readable query-style hash:
//   #pop=digits&metric=cka&layer=1&color=testAcc&sel=net-3,net-7&cam=1,2,3,0,0,0&knn=5&t=20
// where pop is a demo id or an http(s) URL, cam is position then target (no
// up vector or zoom), and sel lists network ids. Unknown v0 keys are reported.
// Each migration maps version k's wire object to version k+1's.

type Obj = Record<string, unknown>;

/** Whether a hash body looks like the v0 query-style format. */
export function looksLikeV0(body: string): boolean {
  return /^[a-z]+=/.test(body);
}

/** Parse a v0 hash into its (v0) wire object: {v: 0, pop, metric, ...} with string values. */
export function parseV0(body: string): Obj {
  const o: Obj = { v: 0 };
  for (const part of body.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    let value = eq < 0 ? '' : part.slice(eq + 1);
    try {
      value = decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      // keep the raw text; the field validator will say what is wrong with it
    }
    o[k] = value;
  }
  return o;
}

const numberOrText = (s: unknown): unknown => (typeof s === 'string' && /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(s) ? Number(s) : s);

/** v0 → v1. Values stay raw (strings/numbers); the v1 field readers validate them. Returns unknown keys too. */
function v0ToV1(o: Obj, warnings: string[]): Obj {
  const w: Obj = { v: 1 };
  const metric: Obj = {};
  const phate: Obj = {};
  for (const [k, value] of Object.entries(o)) {
    switch (k) {
      case 'v':
        break;
      case 'pop': {
        const s = String(value);
        w.s = /^https?:/i.test(s) || s.startsWith('/') || s.startsWith('./') ? `u:${s}` : `d:${s}`;
        break;
      }
      case 'metric':
        metric.n = value;
        break;
      case 'layer':
        metric.l = value === 'last' ? 'last' : numberOrText(value);
        break;
      case 'knn':
        phate.k = numberOrText(value);
        break;
      case 't':
        phate.t = value === 'auto' ? 'auto' : numberOrText(value);
        break;
      case 'color':
        w.c = value;
        break;
      case 'sel':
        w.sel = String(value) === '' ? [] : String(value).split(',');
        break;
      case 'cam': {
        // v0 had position and target only; v1 adds up (y) and zoom (1).
        const nums = String(value).split(',').map(numberOrText);
        w.cam = nums.length === 6 ? [...nums, 0, 1, 0, 1] : nums;
        break;
      }
      default:
        warnings.push(`old link: unknown parameter "${k.slice(0, 40)}" ignored`);
    }
  }
  if (Object.keys(metric).length) w.m = metric;
  if (Object.keys(phate).length) w.p = phate;
  return w;
}

/** Migrations by source version. */
const MIGRATIONS: Record<number, (o: Obj, warnings: string[]) => Obj> = {
  0: v0ToV1,
};

/** Bring a wire object of version `from` up to `to`; returns null if a step is missing. */
export function migrate(o: Obj, from: number, to: number, warnings: string[]): Obj | null {
  let cur = o;
  for (let v = from; v < to; v++) {
    const step = MIGRATIONS[v];
    if (!step) return null;
    cur = step(cur, warnings);
  }
  return cur;
}
