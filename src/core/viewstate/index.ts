export { ViewStateError } from './errors';
export {
  DEFAULT_VIEW_STATE,
  KEY_PATTERN,
  LIMITS as VIEW_STATE_LIMITS,
  VIEW_STATE_VERSION,
  defaultViewState,
  type CameraState,
  type MetricState,
  type PhateState,
  type PopulationIdentity,
  type PopulationSource,
  type SelectionState,
  type ViewState,
  type ViewStateKey,
} from './schema';
export { decodeViewState, encodeViewState, viewStateToWire, type DecodedViewState } from './codec';
export { indicesToRanges, normaliseIndices, rangesToIndices, roundCamera, roundSig } from './fields';
export { diffViewState, isHistoryWorthy, sameValue, TRANSIENT_KEYS } from './history';
export { describeIdentity, idsHash, populationIdentity, sameIdentity } from './identity';
export { populationSourceFromQuery, type QuerySource } from './query';
