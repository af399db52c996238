// Table columns as <option>s grouped by kind (metrics first): the colour, size and
// histogram pickers share it.
import type { Column, NetworkTable } from '../../core/explore/table';
import { glossaryEntry } from '../../core/explore/glossary';

const GROUP_LABELS: Record<Column['group'], string> = {
  metric: 'Metrics',
  hyperparameter: 'Hyperparameters',
  feature: 'Features',
  embedding: 'Embedding',
  status: 'Status',
};

/** Table columns as <optgroup>s (metrics first). */
export function ColumnOptions({ table }: { table: NetworkTable }) {
  const order: Column['group'][] = ['metric', 'hyperparameter', 'feature', 'status', 'embedding'];
  return (
    <>
      {order.map((g) => {
        const cols = table.columns.filter((c) => c.group === g && c.id !== 'seed');
        if (!cols.length) return null;
        return (
          <optgroup key={g} label={GROUP_LABELS[g]}>
            {cols.map((c) => (
              <option key={c.id} value={c.id} title={glossaryEntry(c)?.definition}>
                {c.label}
              </option>
            ))}
          </optgroup>
        );
      })}
    </>
  );
}
