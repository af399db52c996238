import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * The CSP meta of index.html is for the built site. The dev server injects an
 * inline script (React refresh preamble) that the policy rightly refuses, so
 * `vite` (serve) drops the meta; `vite build` and `vite preview` keep it.
 */
const cspOnlyInBuild: Plugin = {
  name: 'netmanifold-csp-only-in-build',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, ''),
};

// base './' makes the built site work from any sub-path and from a plain file server.
export default defineConfig({
  base: './',
  plugins: [react(), cspOnlyInBuild],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  // Pre-bundle the wasm backend with the rest of TF.js: served raw in dev, its CommonJS emscripten
  // loader cannot be imported and it would pull a second copy of tfjs-core (the training worker
  // then fails to start under `npm run dev`). Its .wasm files are imported by URL in the worker.
  optimizeDeps: { include: ['@tensorflow/tfjs-backend-wasm'] },
});
