// The TF.js namespace the batched trainer is handed. Callers pass the full
// '@tensorflow/tfjs' namespace (layers are used once, to build each network's
// initial weights exactly as the sequential trainer builds them); the trainer
// never imports tf itself, so it runs unchanged on whichever backend is set.
export type Tf = typeof import('@tensorflow/tfjs');
export type Tensor = import('@tensorflow/tfjs').Tensor;
export type Variable = import('@tensorflow/tfjs').Variable;
