import { describe, expect, it } from 'vitest';
import { CancelledError, isCancelled, throwIfCancelled } from '../../src/core/cancel';
import { CancelledError as FromHooks } from '../../src/core/distance/hooks';
import { CancelledError as FromPhate } from '../../src/core/phate';

describe('CancelledError (one class, core/cancel.ts)', () => {
  it('is the same class wherever it is imported from', () => {
    expect(FromHooks).toBe(CancelledError);
    expect(FromPhate).toBe(CancelledError);
  });
  it('isCancelled: true for the class and for a name-only error (comlink re-creates errors by name)', () => {
    expect(isCancelled(new CancelledError())).toBe(true);
    expect(isCancelled(Object.assign(new Error('superseded'), { name: 'CancelledError' }))).toBe(true);
    expect(isCancelled(new Error('cancelled'))).toBe(false);
    expect(isCancelled('CancelledError')).toBe(false);
    expect(isCancelled(undefined)).toBe(false);
  });
  it('throwIfCancelled throws only when the hook says so', () => {
    expect(() => throwIfCancelled({ isCancelled: () => false })).not.toThrow();
    expect(() => throwIfCancelled(undefined)).not.toThrow();
    expect(() => throwIfCancelled({ isCancelled: () => true }, 'x')).toThrow(CancelledError);
  });
});
