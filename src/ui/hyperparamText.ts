// How a network's hyperparameter reads in the inspector, tooltip and compare
// panel: imported values Netmanifold has no equivalent for appear as written,
// missing ones as "—" (core/import/hyperparameter-names shownHyperParam).
import { shownHyperParam, type HyperParamField } from '../core/import/hyperparameter-names';
import type { NetworkRecord } from '../core/types';
import { formatValue } from './color';
import { describeArchitecture } from '../core/architecture';

/** The architecture line: "CNN 2 conv × 8 ch 3×3, max pool → [32]", "Attention 1 block, width 16, 2 heads → [32]", "MLP [16, 8]". */
export function architectureText(n: NetworkRecord): string {
  return describeArchitecture(n.hp);
}

/** The inspector's family rows: an MLP keeps its one "hidden layers" row; other families say what they are, then their dense head. */
export function architectureRows(n: NetworkRecord): [string, string][] {
  const w = n.hp.widths;
  if ((n.hp.architecture ?? 'mlp') === 'mlp') return [['hidden layers', w.length ? `[${w.join(', ')}]` : 'none (linear model)']];
  return [
    ['architecture', architectureText(n)],
    ['dense head', `[${w.join(', ')}]`],
  ];
}

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
