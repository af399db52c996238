// Selections as data (mosaic-style): a Selection is a list of clauses, one per
// source view. Clauses of different sources AND together; a view asking for
// "the others' filter" excludes its own clause (crossfilter), so a histogram
// is filtered by every brush but its own. Pure and immutable: every function
// returns a new Selection, ready to sit in a zustand store.
import { getColumn, type NetworkTable } from './table';
import { parseFilter } from './filter';

interface ClauseBase {
  /** The view that owns the clause: 'lasso', 'hist:accuracy', 'pcp:learningRate', 'filter', … */
  source: string;
}

/** Explicit rows (lasso, box, click). indices: sorted, unique row indices. */
export interface IdsClause extends ClauseBase {
  kind: 'ids';
  indices: Int32Array;
}

/** An interval brush on one column (histogram, parallel-coordinates axis); inclusive bounds. */
export interface RangeClause extends ClauseBase {
  kind: 'range';
  column: string;
  min: number;
  max: number;
}

/** A set of categories of one categorical column (a click on a bar or legend entry). */
export interface ValuesClause extends ClauseBase {
  kind: 'values';
  column: string;
  values: string[];
}

/** A filter expression (docs/filter-expressions.md). */
export interface ExpressionClause extends ClauseBase {
  kind: 'expression';
  expression: string;
}

export type SelectionClause = IdsClause | RangeClause | ValuesClause | ExpressionClause;
export type Selection = readonly SelectionClause[];
export type ClauseMode = 'replace' | 'add' | 'subtract';

export const EMPTY_SELECTION: Selection = Object.freeze([]) as Selection;

/** Sorted, unique Int32Array from any list of row indices. */
export function toIndexSet(indices: ArrayLike<number>): Int32Array {
  const a = Int32Array.from(indices).sort();
  let w = 0;
  for (let r = 0; r < a.length; r++) if (r === 0 || a[r] !== a[r - 1]) a[w++] = a[r];
  return a.slice(0, w);
}

/** Row indices where mask is 1. */
export function maskToIndices(mask: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i] ? 1 : 0;
  const out = new Int32Array(n);
  let w = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) out[w++] = i;
  return out;
}

/** An ids clause from row indices (any order, duplicates allowed). */
export function idsClause(source: string, indices: ArrayLike<number>): IdsClause {
  return { source, kind: 'ids', indices: toIndexSet(indices) };
}

/** An ids clause from a 0/1 mask (what pointsInPolygon returns). */
export function idsClauseFromMask(source: string, mask: Uint8Array): IdsClause {
  return { source, kind: 'ids', indices: maskToIndices(mask) };
}

function union(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let w = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) out[w++] = a[i++];
    else if (i >= a.length || b[j] < a[i]) out[w++] = b[j++];
    else {
      out[w++] = a[i++];
      j++;
    }
  }
  return out.slice(0, w);
}

function difference(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length);
  let j = 0;
  let w = 0;
  for (let i = 0; i < a.length; i++) {
    while (j < b.length && b[j] < a[i]) j++;
    if (j >= b.length || b[j] !== a[i]) out[w++] = a[i];
  }
  return out.slice(0, w);
}

/**
 * Put a clause into the selection. 'replace' drops the source's previous
 * clause. 'add' (shift) and 'subtract' (alt) compose row sets of ids clauses
 * of the same source: union / difference with the previous clause. Subtracting
 * with no ids clause of that source changes nothing; a subtraction that leaves no rows
 * clears the source (nothing selected = no filter). For other kinds, add and
 * subtract behave as replace.
 */
export function applyClause(sel: Selection, clause: SelectionClause, mode: ClauseMode = 'replace'): Selection {
  const prev = sel.find((c) => c.source === clause.source);
  let next: SelectionClause | null = clause;
  if (mode !== 'replace' && clause.kind === 'ids' && prev?.kind === 'ids') {
    const indices = mode === 'add' ? union(prev.indices, clause.indices) : difference(prev.indices, clause.indices);
    next = indices.length ? { ...clause, indices } : null;
  } else if (mode === 'subtract' && clause.kind === 'ids') {
    return sel; // nothing (or no row set) to subtract from
  }
  const rest = sel.filter((c) => c.source !== clause.source);
  return next ? [...rest, next] : rest;
}

/** Drop the clause of one source (Esc, a brush cleared). */
export function clearSource(sel: Selection, source: string): Selection {
  return sel.some((c) => c.source === source) ? sel.filter((c) => c.source !== source) : sel;
}

/** The clause of one source, if any. */
export function clauseOf(sel: Selection, source: string): SelectionClause | undefined {
  return sel.find((c) => c.source === source);
}

// Parsed expressions per table, so re-evaluating a selection after each brush
// move does not re-parse the filter.
const exprCache = new WeakMap<NetworkTable, Map<string, ((row: number) => boolean) | null>>();

function expressionPredicate(table: NetworkTable, expr: string): ((row: number) => boolean) | null {
  let m = exprCache.get(table);
  if (!m) exprCache.set(table, (m = new Map()));
  if (!m.has(expr)) {
    const f = parseFilter(expr, table);
    m.set(expr, f.ok && !f.empty ? f.predicate : null);
  }
  return m.get(expr)!;
}

/** AND one clause into mask (in place). Clauses that name unknown columns or bad expressions are ignored. */
function andClause(mask: Uint8Array, clause: SelectionClause, table: NetworkTable): void {
  const n = table.rowCount;
  switch (clause.kind) {
    case 'ids': {
      const keep = new Uint8Array(n);
      for (const r of clause.indices) if (r >= 0 && r < n) keep[r] = 1;
      for (let r = 0; r < n; r++) mask[r] &= keep[r];
      return;
    }
    case 'range': {
      const col = getColumn(table, clause.column);
      if (!col) return;
      const v = col.values;
      const lo = Math.min(clause.min, clause.max);
      const hi = Math.max(clause.min, clause.max);
      for (let r = 0; r < n; r++) if (!(v[r] >= lo && v[r] <= hi)) mask[r] = 0;
      return;
    }
    case 'values': {
      const col = getColumn(table, clause.column);
      if (!col || !col.dictionary) return;
      const codes = new Set(clause.values.map((s) => col.dictionary!.indexOf(s)).filter((c) => c >= 0));
      const v = col.values;
      for (let r = 0; r < n; r++) if (!codes.has(v[r])) mask[r] = 0;
      return;
    }
    case 'expression': {
      const p = expressionPredicate(table, clause.expression);
      if (!p) return;
      for (let r = 0; r < n; r++) if (mask[r] && !p(r)) mask[r] = 0;
      return;
    }
  }
}

/**
 * 1 where a row passes every clause (except those of `exceptSource`, for
 * crossfilter views). An empty selection selects every row.
 */
export function evaluateSelection(sel: Selection, table: NetworkTable, opts: { exceptSource?: string } = {}): Uint8Array {
  const mask = new Uint8Array(table.rowCount).fill(1);
  for (const c of sel) if (c.source !== opts.exceptSource) andClause(mask, c, table);
  return mask;
}

/** True when some clause (other than exceptSource's) restricts the rows. */
export function isSelectionActive(sel: Selection, exceptSource?: string): boolean {
  return sel.some((c) => c.source !== exceptSource);
}

/** Number of 1s in a mask. */
export function countSelected(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  return n;
}

/** A range brush clause (histogram, parallel-coordinates axis). */
export function rangeClause(source: string, column: string, min: number, max: number): RangeClause {
  return { source, kind: 'range', column, min: Math.min(min, max), max: Math.max(min, max) };
}

/** A category-set clause (click on a bar or a legend entry). */
export function valuesClause(source: string, column: string, values: string[]): ValuesClause {
  return { source, kind: 'values', column, values: [...values] };
}

/** A filter clause; put it in only after parseFilter accepted the text. */
export function expressionClause(expression: string, source = 'filter'): ExpressionClause {
  return { source, kind: 'expression', expression };
}

/**
 * Masks for linked views in one call: `all` (every clause; what the manifold
 * dims by) and, per view source, the mask of every clause but that view's own
 * (what its histogram or axis shows as "selected").
 */
export function crossfilterMasks(
  sel: Selection,
  table: NetworkTable,
  sources: string[],
): { all: Uint8Array; bySource: Record<string, Uint8Array> } {
  const all = evaluateSelection(sel, table);
  const bySource: Record<string, Uint8Array> = {};
  for (const s of sources) bySource[s] = sel.some((c) => c.source === s) ? evaluateSelection(sel, table, { exceptSource: s }) : all;
  return { all, bySource };
}
