// How a network's hyperparameter reads in the inspector, tooltip and compare
// panel: imported values Netmanifold has no equivalent for appear as written,
// missing ones as "—" (core/import/hyperparameter-names shownHyperParam).
import { shownHyperParam, type HyperParamField } from '../core/import/hyperparameter-names';
import type { NetworkRecord } from '../core/types';
import { formatValue } from './color';

const DECIMAL: HyperParamField[] = ['learningRate', 'dropout', 'l2'];

export function hpText(n: NetworkRecord, field: HyperParamField): string {
  const v = shownHyperParam(n, field);
  if (v === null) return '—';
  if (typeof v === 'number') return DECIMAL.includes(field) ? formatValue(v) : String(v);
  return v;
}

/** Imported hyperparameters with no HyperParams field, as "key = value" (bookkeeping keys left out). */
export function extraHyperParamText(n: NetworkRecord): string {
  const x = n.extraHyperParams;
  if (!x) return '';
  return Object.entries(x)
    .filter(([k]) => k !== 'defaulted' && k !== 'accuracySplit')
    .map(([k, v]) => `${k} = ${v === null ? 'null' : String(v)}`)
    .join(' · ');
}
