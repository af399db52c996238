// Shared shapes of the feature code: point clouds are row-major typed arrays.
// Float64Array inputs keep the reference fixtures exact; network activations
// arrive as Float32Array and are promoted to float64 in every accumulation.

export type FloatArray = Float32Array | Float64Array;

/** n points in R^d, row-major (data.length = n * d). */
export interface PointCloud {
  data: FloatArray;
  n: number;
  d: number;
}
