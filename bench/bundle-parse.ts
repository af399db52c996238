// `npm run bench -- bundle-parse [--repeats 15]`
// Validation time of the shipped demo bundles (issue 12 item 4): the valibot
// schema + cross-field checks (src/core/bundle/validate.ts) against the frozen
// hand-written validator it replaced (bench/baseline/validate-handwritten.ts),
// interleaved in one run on the same JSON.parse'd documents, so the ratio is
// measured under the same load; and the schema pass alone. Also checks both give the same Population.
// Prints figures; asserts nothing about time.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { gunzipSync } from 'node:zlib';
import * as v from 'valibot';
import { PopulationDocumentSchema } from '../src/core/bundle/population-schema';
import { validatePopulationDocument } from '../src/core/bundle/validate';
import { validatePopulationDocument as validateHandwritten } from './baseline/validate-handwritten';
import { opt } from './static-app';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Same content, typed arrays bitwise (NaN included). */
function sameContent(a: unknown, b: unknown): boolean {
  const canon = (x: unknown) =>
    JSON.stringify(x, (_k, v: unknown) =>
      ArrayBuffer.isView(v)
        ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')
        : typeof v === 'number' && !Number.isFinite(v)
          ? String(v)
          : v,
    );
  return canon(a) === canon(b);
}

export async function run(argv: string[]): Promise<void> {
  const repeats = Number(opt(argv, 'repeats') ?? 15);
  console.log(`bundle-parse: ${repeats} interleaved repeats per file, load average ${os.loadavg()[0].toFixed(2)}`);
  for (const f of ['moons-mlp.nmpop', 'digits-mlp.nmpop']) {
    let buf = readFileSync(`public/demo/${f}`);
    if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
    const text = buf.toString('utf8');
    const old: number[] = [];
    const now: number[] = [];
    const schemaOnly: number[] = [];
    let same = true;
    for (let i = 0; i < repeats; i++) {
      // Alternate which goes first so warm-up and GC fall on both alike.
      for (const which of i % 2 ? ['new', 'old'] : ['old', 'new']) {
        const doc: unknown = JSON.parse(text);
        const t0 = performance.now();
        const pop = which === 'old' ? validateHandwritten(doc) : validatePopulationDocument(doc);
        (which === 'old' ? old : now).push(performance.now() - t0);
        if (i === 0 && which === 'new') same = sameContent(pop, validateHandwritten(JSON.parse(text)));
      }
      const doc: unknown = JSON.parse(text);
      const t0 = performance.now();
      v.parse(PopulationDocumentSchema, doc, { abortEarly: true });
      schemaOnly.push(performance.now() - t0);
    }
    const o = median(old);
    const n = median(now);
    console.log(
      `${f} (${(text.length / 1e6).toFixed(1)} MB JSON): hand-written median ${o.toFixed(2)} ms, valibot median ${n.toFixed(2)} ms, ` +
        `new/old ${(n / o).toFixed(2)}×; of which the schema pass ${median(schemaOnly).toFixed(2)} ms (the rest is tensor decoding); ` +
        `same Population: ${same ? 'yes' : 'NO'}`,
    );
  }
}
