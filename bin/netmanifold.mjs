#!/usr/bin/env node
// The package's bin: runs the TypeScript CLI through tsx (no separate build step).
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
await import(fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)));
