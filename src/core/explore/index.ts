// The explorer's pure core: the network table, selections as data, the
// filter language, brushing geometry, the selection summary, nearest
// networks, smoothing/findings and exports. No DOM; callable from the store.
export * from './table';
export * from './filterTokens';
export * from './filter';
export * from './suggest';
export * from './selection';
export * from './brush';
export * from './summary';
export * from './neighbours';
export * from './smooth';
export * from './export';
export * from './histogram';
