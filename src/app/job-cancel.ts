// One cancel flag for the app's long job (training, distances, PHATE), shared
// by every path that starts one, so the progress panel's Cancel reaches any
// of them.
let requested = false;

export const jobCancel = {
  request(): void {
    requested = true;
  },
  reset(): void {
    requested = false;
  },
  get requested(): boolean {
    return requested;
  },
};
