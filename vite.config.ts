import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// base './' makes the built site work from any sub-path and from a plain file server.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  // Pre-bundle the wasm backend with the rest of TF.js: served raw in dev, its CommonJS emscripten
  // loader cannot be imported and it would pull a second copy of tfjs-core (the training worker
  // then fails to start under `npm run dev`). Its .wasm files are imported by URL in the worker.
  optimizeDeps: { include: ['@tensorflow/tfjs-backend-wasm'] },
});
