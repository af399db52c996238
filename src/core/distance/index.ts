export * from './diffusion';
export * from './hooks';
export * from './budget';
export * from './blocked';
