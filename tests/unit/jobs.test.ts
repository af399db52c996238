import { describe, expect, it } from 'vitest';
import { createJob, type JobReport } from '../../src/app/jobs';
import { CancelledError } from '../../src/core/cancel';

function fakeStore() {
  const state: JobReport = { status: 'idle', stage: '', done: 0, total: 0 };
  const errors: string[] = [];
  const history: string[] = [];
  let t = 0;
  const job = createJob({
    report: (p) => {
      Object.assign(state, p);
      if (p.status) history.push(p.status);
    },
    onError: (m) => errors.push(m),
    now: () => (t += 500),
  });
  return { state, errors, history, job };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('createJob (src/app/jobs.ts)', () => {
  it('reports running, progress and done; busy only while running', async () => {
    const { state, history, job, errors } = fakeStore();
    let busyInside = false;
    const v = await job.run(async (ctx) => {
      busyInside = job.busy;
      ctx.progress({ stage: 'phate', done: 2, total: 5, message: 'half' });
      expect(state).toMatchObject({ status: 'running', stage: 'phate', done: 2, total: 5, message: 'half' });
      return 42;
    });
    expect(v).toBe(42);
    expect(busyInside).toBe(true);
    expect(job.busy).toBe(false);
    expect(history).toEqual(['running', 'done']);
    expect(state.seconds).toBe(0.5);
    expect(errors).toEqual([]);
  });

  it('an error sets status error, its message, calls onError and clears busy', async () => {
    const { state, job, errors } = fakeStore();
    const v = await job.run(async () => {
      throw new Error('boom');
    });
    expect(v).toBeNull();
    expect(state).toMatchObject({ status: 'error', message: 'boom' });
    expect(errors).toEqual(['boom']);
    expect(job.busy).toBe(false);
  });

  it('cancel is cooperative: the work sees isCancelled(), the status is cancelled, no error is reported, busy clears', async () => {
    const { state, job, errors, history } = fakeStore();
    let sawCancel = false;
    const p = job.run(async (ctx) => {
      while (!ctx.isCancelled()) await tick();
      sawCancel = true;
      ctx.progress({ stage: 'late', done: 9, total: 9 });
      ctx.throwIfCancelled();
      return 1;
    });
    await tick();
    expect(job.busy).toBe(true);
    job.cancel();
    expect(await p).toBeNull();
    expect(sawCancel).toBe(true);
    expect(state.status).toBe('cancelled');
    expect(state.stage).not.toBe('late');
    expect(errors).toEqual([]);
    expect(history).toEqual(['running', 'cancelled']);
    expect(job.busy).toBe(false);
  });

  it('a CancelledError thrown by the work (e.g. from a worker) reads as cancelled, not as an error', async () => {
    const { state, job, errors } = fakeStore();
    expect(await job.run(async () => Promise.reject(Object.assign(new Error('superseded'), { name: 'CancelledError' })))).toBeNull();
    expect(state.status).toBe('cancelled');
    expect(await job.run(async () => Promise.reject(new CancelledError()))).toBeNull();
    expect(errors).toEqual([]);
    expect(job.busy).toBe(false);
  });

  it('a new run supersedes the one in flight: the old result is dropped and cannot overwrite the status', async () => {
    const { state, job, errors } = fakeStore();
    let release!: () => void;
    const first = job.run(
      () =>
        new Promise<string>((r) => {
          release = () => r('old');
        }),
    );
    const second = job.run(async () => 'new');
    expect(await second).toBe('new');
    release();
    expect(await first).toBeNull();
    expect(state.status).toBe('done');
    expect(errors).toEqual([]);
    expect(job.busy).toBe(false);
  });

  it('cancel with nothing running changes nothing', () => {
    const { state, job, history } = fakeStore();
    job.cancel();
    expect(state.status).toBe('idle');
    expect(history).toEqual([]);
  });
});
