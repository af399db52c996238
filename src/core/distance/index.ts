export * from './diffusion';
export * from './hooks';
