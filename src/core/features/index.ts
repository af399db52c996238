// Per-network features (METHODS §4): public surface of src/core/features.
export * from './types';
export * from './geometry';
export * from './stats';
export * from './symmetricEigen';
export * from './separation';
export * from './linkage';
export * from './spectral';
export * from './mst';
export * from './rips';
export * from './phdim';
export * from './effdim';
export * from './kmeans';
export * from './nonlinearity';
export * from './info';
export * from './network';
export * from './dynamics';
export * from './depth-by-family';
