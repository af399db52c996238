export { NpyError, isNpy, parseNpy, writeNpy, type NpyArray } from './npy';
export {
  ACTIVATION_BUNDLE_FORMAT,
  ACTIVATION_BUNDLE_VERSION,
  MAX_UNZIPPED_BYTES,
  importActivationBundle,
  type ActivationImportOptions,
  type ActivationImportResult,
} from './activation-bundle';
export {
  TfjsImportError,
  importTfjsModel,
  planTfjsModel,
  type TfjsImportOptions,
  type TfjsImportResult,
  type TfjsModelPlan,
} from './tfjs-model';
export {
  MAX_TFJS_MODEL_BYTES,
  checkTfjsModelJson,
  loadTfjsLayersModel,
  parseTfjsModelJson,
  tfjsArtifacts,
  tfjsLoadErrorText,
  tfjsWeightFileNames,
  type CheckedModelJson,
} from './tfjs-artifacts';
export { unzipChecked } from './zip';
export { DownloadTooLargeError, readCapped } from './capped-read';
