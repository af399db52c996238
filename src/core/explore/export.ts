// Export of the selection (or the whole population) as CSV and JSON rows:
// network id, hyperparameters, metrics, features and embedding coordinates.
import { getColumn, type Column, type NetworkTable } from './table';

function pickColumns(table: NetworkTable, columns?: string[]): Column[] {
  if (!columns) return table.columns;
  const out: Column[] = [];
  for (const name of columns) {
    const c = getColumn(table, name);
    if (!c) throw new Error(`unknown column '${name}'`);
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

function rowsOf(table: NetworkTable, mask?: Uint8Array): number[] {
  const rows: number[] = [];
  for (let r = 0; r < table.rowCount; r++) if (!mask || mask[r]) rows.push(r);
  return rows;
}

/** RFC 4180 field: quoted (quotes doubled) when it holds a comma, quote, CR or LF. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A text field (id, category, header) a spreadsheet cannot run as a formula:
 * one starting with = + - @, tab or CR gets a leading single quote (OWASP's
 * CSV-injection advice), then RFC 4180 quoting as csvField. Numbers are
 * written with csvField alone, so -0.5 in a numeric column stays a number.
 */
export function csvText(s: string): string {
  return csvField(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
}

function cell(col: Column, r: number): string {
  const v = col.values[r];
  if (!Number.isFinite(v)) return ''; // NaN (and ±Infinity, which no column should hold) as empty
  return col.type === 'categorical' ? csvText(col.dictionary![v] ?? '') : csvField(String(v));
}

/**
 * CSV with a header row: 'id' then the columns (default all; names resolve
 * like filter column names). Rows where mask is 1 (all rows without a mask).
 * RFC 4180: CRLF line ends, fields quoted when needed, missing values empty;
 * text fields that a spreadsheet would read as a formula are escaped (csvText).
 * Throws on an unknown column name (a programming error, not user input).
 */
export function toCSV(table: NetworkTable, mask?: Uint8Array, columns?: string[]): string {
  const cols = pickColumns(table, columns);
  const lines = [['id', ...cols.map((c) => c.id)].map(csvText).join(',')];
  for (const r of rowsOf(table, mask)) lines.push([csvText(table.ids[r]), ...cols.map((c) => cell(c, r))].join(','));
  return lines.join('\r\n') + '\r\n';
}

export type JSONRow = Record<string, string | number | null>;

/** One object per selected row: { id, <column>: number | category | null (missing) }. */
export function toJSONRows(table: NetworkTable, mask?: Uint8Array, columns?: string[]): JSONRow[] {
  const cols = pickColumns(table, columns);
  return rowsOf(table, mask).map((r) => {
    const row: JSONRow = { id: table.ids[r] };
    for (const c of cols) {
      const v = c.values[r];
      row[c.id] = !Number.isFinite(v) ? null : c.type === 'categorical' ? (c.dictionary![v] ?? null) : v;
    }
    return row;
  });
}
