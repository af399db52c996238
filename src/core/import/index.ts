export { NpyError, isNpy, parseNpy, writeNpy, type NpyArray } from './npy';
export {
  ACTIVATION_BUNDLE_FORMAT,
  ACTIVATION_BUNDLE_VERSION,
  MAX_UNZIPPED_BYTES,
  importActivationBundle,
  type ActivationImportOptions,
  type ActivationImportResult,
} from './activation-bundle';
export { TfjsImportError, importTfjsModel, planTfjsModel, type TfjsImportOptions, type TfjsImportResult, type TfjsModelPlan } from './tfjs-model';
