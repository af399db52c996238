// src/app/workers.ts with a fake Worker: a call rejects (instead of hanging) when its worker
// dies, and the slot starts a new worker on next use and tells its owner (issue 12 item 1).
import { describe, expect, it } from 'vitest';
import { WorkerSlot } from '../../src/app/workers';

/** Enough of a Worker for comlink: messages go nowhere (no call ever answers), errors can be raised. */
class FakeWorker extends EventTarget {
  terminated = false;
  postMessage(): void {}
  terminate(): void {
    this.terminated = true;
  }
  crash(message: string): void {
    const e = new Event('error', { cancelable: true });
    Object.defineProperty(e, 'message', { value: message });
    this.dispatchEvent(e);
  }
}

interface Api {
  work(): Promise<number>;
}

describe('WorkerSlot', () => {
  it('starts one worker lazily and reuses it', () => {
    const made: FakeWorker[] = [];
    const slot = new WorkerSlot<Api>(() => (made.push(new FakeWorker()), made.at(-1) as unknown as Worker), 'test');
    expect(slot.current).toBeNull();
    expect(made).toHaveLength(0);
    const a = slot.get();
    expect(slot.get()).toBe(a);
    expect(slot.current).toBe(a);
    expect(made).toHaveLength(1);
  });

  it('a crash rejects the pending call with the label and reason, and the next get() starts a fresh worker', async () => {
    const made: FakeWorker[] = [];
    let dead = 0;
    const slot = new WorkerSlot<Api>(
      () => (made.push(new FakeWorker()), made.at(-1) as unknown as Worker),
      'features',
      () => dead++,
    );
    const h = slot.get();
    const pending = h.call(new Promise<number>(() => {})); // a call the worker never answers
    made[0].crash('out of memory');
    await expect(pending).rejects.toThrow('features worker failed: out of memory');
    expect(made[0].terminated).toBe(true);
    expect(dead).toBe(1);
    expect(slot.current).toBeNull();
    expect(slot.get()).not.toBe(h);
    expect(made).toHaveLength(2);
  });

  it('terminate() stops the worker, rejects its calls with "stopped" and frees the slot', async () => {
    const made: FakeWorker[] = [];
    const slot = new WorkerSlot<Api>(() => (made.push(new FakeWorker()), made.at(-1) as unknown as Worker), 'embedding');
    const h = slot.get();
    const pending = h.call(new Promise<number>(() => {}));
    h.terminate();
    await expect(pending).rejects.toThrow('embedding worker failed: stopped');
    expect(slot.current).toBeNull();
  });

  it('a call that resolves is passed through', async () => {
    const slot = new WorkerSlot<Api>(() => new FakeWorker() as unknown as Worker, 'x');
    await expect(slot.get().call(Promise.resolve(42))).resolves.toBe(42);
  });
});
