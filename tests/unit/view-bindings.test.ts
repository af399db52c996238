// The view bindings (app/sharing/view-bindings.ts) over real stores: the view read from one store
// and written to another is the same view; another population's view leaves the
// population-bound fields alone; what cannot be applied comes back as a warning.
import { describe, expect, it } from 'vitest';
import { idsClause } from '../../src/core/explore/selection';
import { diffViewState } from '../../src/core/viewstate';
import { createAppStore } from '../../src/state/store';
import { POPULATION_BOUND_KEYS, viewStateOf, writeViewFields } from '../../src/app/sharing/view-bindings';
import { population, pose } from './link-fakes';

function shown(id: string, n: number) {
  const store = createAppStore();
  store.getState().setPopulation(population(id, n));
  return store;
}

describe('view bindings', () => {
  it('a view read from one store and written to another reads back the same', () => {
    const a = shown('demo-a', 20);
    const s = a.getState();
    s.setSelection([idsClause('lasso', [2, 3, 9])]);
    s.setSelected('syn-3');
    s.setPinned('syn-9');
    s.setColorColumn('depth');
    s.setFilterText('depth > 1');
    s.setTrainPanelOpen(true);
    s.setPhateRequest({ knn: 7, metric: 'cka' });
    const view = viewStateOf(a.getState(), pose(1));
    expect(view.panels).toEqual(['train']);
    expect(view.selection).toEqual({ by: 'id', ids: ['syn-2', 'syn-3', 'syn-9'] });

    const b = shown('demo-a', 20);
    expect(writeViewFields(view, b.getState, true)).toEqual([]);
    // The camera is the caller's to apply.
    expect(diffViewState(view, viewStateOf(b.getState(), pose(1)))).toEqual([]);
    expect(diffViewState(view, viewStateOf(b.getState(), null))).toEqual(['camera']);
  });

  it("another population's view applies only the fields that belong to no population", () => {
    const a = shown('demo-a', 20);
    a.getState().setSelected('syn-4');
    a.getState().setColorColumn('width');
    const view = viewStateOf(a.getState(), null);
    const b = shown('demo-a', 20);
    writeViewFields(view, b.getState, false);
    expect(b.getState().colorColumn).toBe('width');
    expect(b.getState().selectedId).toBeNull();
    expect(POPULATION_BOUND_KEYS).toContain('inspected');
  });

  it('fields that do not fit this population come back as warnings; the rest apply', () => {
    const a = shown('demo-a', 20);
    a.getState().setSelection([idsClause('lasso', [1, 15])]);
    a.getState().setSelected('syn-15');
    const view = viewStateOf(a.getState(), null);
    const b = shown('demo-a', 10);
    const w = writeViewFields({ ...view, colorBy: 'no-such-column' }, b.getState, true);
    expect(w).toEqual([
      'colour "no-such-column" is not a column of this population; kept the current colour',
      '1 selected network is not in this population',
      'inspected network "syn-15" is not in this population',
    ]);
    expect(b.getState().selectionCount).toBe(1);
  });
});
