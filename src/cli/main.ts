// netmanifold CLI: one subcommand per file in src/cli/, loaded lazily so that
// `netmanifold phate` never pays for TensorFlow.js start-up.
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(argv: string[]): Promise<void> }> }> = {
  phate: { summary: 'embed a precomputed distance matrix with PHATE', load: () => import('./phate') },
  embed: { summary: 'embed a large population (activation bundle or raw float32) under a memory budget', load: () => import('./embed') },
  demo: { summary: 'train the shipped demo population and write its bundle', load: () => import('./demo') },
  features: { summary: 'add every feature and depth profile to a bundle', load: () => import('./features') },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `usage: netmanifold <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'netmanifold <command> --help' for a command's options.`;
}

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    console.error(`netmanifold: unknown command '${name}'\n\n${usage()}`);
    process.exitCode = 2;
    return;
  }
  await (await cmd.load()).run(rest);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`netmanifold: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});

export {};
