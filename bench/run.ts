// `npm run bench -- <name> [options]`: each benchmark is bench/<name>.ts exporting run(argv).
// Benchmarks print figures; they never assert timings.
const BENCHES = [
  'phate',
  'train',
  'features',
  'render',
  'load',
  'findings',
  'scale',
  'estimate',
  'bundle-parse',
  'cancel',
  'phate-kernels',
  'search',
  'datasets',
  'families',
  'features-threads',
];

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || !BENCHES.includes(name)) {
    console.error(`usage: npm run bench -- <${BENCHES.join('|')}> [options]`);
    process.exitCode = 2;
    return;
  }
  // train --browser: the same population in headless Chromium (train-browser.ts);
  // train --profile: where the batched trainer's time goes, per op (train-profile.ts).
  const variant =
    name === 'train' && rest.includes('--browser')
      ? 'train-browser'
      : name === 'train' && rest.includes('--profile')
        ? 'train-profile'
        : name;
  const mod = (await import(`./${variant}.ts`)) as { run(argv: string[]): Promise<void> };
  await mod.run(rest);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

export {};
