// Bundle parse time on public/demo bundles (issue 12 item 4: schema rewrite must not slow parsing much).
// npx tsx bench/bundle-parse.ts  → median ms per file of JSON.parse'd document validation.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { validatePopulationDocument } from '../src/core/bundle/validate';

for (const f of ['moons-mlp.nmpop', 'digits-mlp.nmpop']) {
  let buf = readFileSync(`public/demo/${f}`);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  const text = buf.toString('utf8');
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const doc = JSON.parse(text);
    const t0 = performance.now();
    validatePopulationDocument(doc);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`${f}: median ${times[7].toFixed(2)} ms, min ${times[0].toFixed(2)} ms`);
}
