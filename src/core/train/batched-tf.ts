// The slice of the TF.js API the batched trainer uses. Callers pass the full
// '@tensorflow/tfjs' namespace (or tfjs-core); the trainer never imports tf
// itself, so it runs unchanged on whichever backend the caller set up.
export type Tf = typeof import('@tensorflow/tfjs-core');
export type Tensor = import('@tensorflow/tfjs-core').Tensor;
export type Variable = import('@tensorflow/tfjs-core').Variable;
