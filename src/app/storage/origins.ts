// Where a population on screen came from, when that is this browser's
// storage (issue 14 item 2): a stored training run (trained here, or grown
// from a base by "Train more like these") or a stored import. A run trained to
// join such a population records it, so that restoring the run rebuilds its
// base from storage too, not only from a demo or a URL.
export type StoredOrigin = { kind: 'run'; runId: string } | { kind: 'import'; storedId: string };

/** Stored origins recorded this session, by population id. */
export class StoredOrigins {
  private readonly byPopulationId = new Map<string, StoredOrigin>();

  readonly set = (populationId: string, origin: StoredOrigin): void => {
    this.byPopulationId.set(populationId, origin);
  };

  /** The stored origin of a population id: recorded this session, or read from a restored run's id (`browser-<runId>`). */
  readonly of = (populationId: string): StoredOrigin | null => {
    const o = this.byPopulationId.get(populationId);
    if (o) return o;
    const m = /^browser-(run-[A-Za-z0-9-]+)$/.exec(populationId);
    return m ? { kind: 'run', runId: m[1] } : null;
  };
}
