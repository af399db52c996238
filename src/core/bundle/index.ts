export { BundleError } from './errors';
export { BUNDLE_FORMAT, BUNDLE_VERSION, CUSTOM_DATASET_PLACEHOLDER, checkHeader, validatePopulationDocument } from './validate';
export {
  decodePopulation,
  encodePopulation,
  encodePopulationJson,
  populationToDocument,
  type DecodeOptions,
  type EncodeOptions,
} from './codec';
export { MAX_DECOMPRESSED_BYTES, gunzipChecked, isGzip, type GunzipOptions } from './gzip';
export { Crc32, crc32 } from './crc32';
export { decodeHalf, encodeHalf, float32ToHalfBits, halfBitsToFloat32 } from './half';
export { base64ToBytes, bytesToBase64 } from './base64';
export { decodeTensor, encodeTensor, type DType, type TensorJson } from './tensor';
