// The filter-expression language (docs/filter-expressions.md): a
// recursive-descent parser over filterTokens' tokens, resolved against a
// NetworkTable, compiled to a row predicate. parseFilter never throws: every
// problem comes back as { message, start, end } pointing into the source.
import { tokenize, type Token } from './filterTokens';
import { COLUMN_ALIASES, getColumn, type Column, type NetworkTable } from './table';
import { closestName } from './suggest';

export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export interface FilterError {
  message: string;
  /** [start, end) character span of the offending token in the source. */
  start: number;
  end: number;
}

export type FilterResult =
  | {
      ok: true;
      /** Row → whether it passes. An empty expression passes every row. */
      predicate: (row: number) => boolean;
      /** Canonical ids of the columns the expression reads, in first-use order. */
      columns: string[];
      /** True when the source is blank (no filter). */
      empty: boolean;
    }
  | { ok: false; error: FilterError };

/** Equality on numbers is within this relative tolerance (float32-rounded values still match their literal). */
export const NUMBER_EQUALITY_TOLERANCE = 1e-6;

/** Deepest nesting of parentheses / not accepted, so a hostile string cannot exhaust the stack. */
export const MAX_FILTER_DEPTH = 64;

type Pred = (row: number) => boolean;

class FilterSyntaxError {
  constructor(
    readonly message: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

function fail(message: string, t: { start: number; end: number }): never {
  throw new FilterSyntaxError(message, t.start, t.end);
}

const describe = (t: Token) => (t.kind === 'eof' ? 'the end' : `'${t.text}'`);

function numbersEqual(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= NUMBER_EQUALITY_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** A compared value: a number, a category code (−1: allowed but absent), or "missing". */
type Operand = { missing: true } | { missing: false; value: number };

class Parser {
  private pos = 0;
  private depth = 0;
  readonly used: string[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly table: NetworkTable,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const t = this.tokens[this.pos];
    if (t.kind === 'error') fail(t.message!, t);
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  parseAll(): Pred {
    const p = this.parseOr();
    const t = this.peek();
    if (t.kind === 'error') fail(t.message!, t);
    if (t.kind === 'rparen') fail(`unexpected ')' — no '(' to close`, t);
    if (t.kind !== 'eof') fail(`expected 'and' or 'or' before ${describe(t)}`, t);
    return p;
  }

  private parseOr(): Pred {
    let left = this.parseAnd();
    while (this.peek().kind === 'or') {
      this.next();
      const a = left;
      const b = this.parseAnd();
      left = (r) => a(r) || b(r);
    }
    return left;
  }

  private parseAnd(): Pred {
    let left = this.parseUnary();
    while (this.peek().kind === 'and') {
      this.next();
      const a = left;
      const b = this.parseUnary();
      left = (r) => a(r) && b(r);
    }
    return left;
  }

  private parseUnary(): Pred {
    const t = this.peek();
    if (t.kind === 'not') {
      this.enter(t);
      this.next();
      const inner = this.parseUnary();
      this.depth--;
      return (r) => !inner(r);
    }
    if (t.kind === 'lparen') {
      this.enter(t);
      this.next();
      if (this.peek().kind === 'rparen') fail(`empty parentheses: put a condition inside`, this.peek());
      const inner = this.parseOr();
      const close = this.peek();
      if (close.kind === 'error') fail(close.message!, close);
      if (close.kind !== 'rparen') {
        if (close.kind === 'eof') fail(`missing ')' to close this '('`, t);
        fail(`expected 'and', 'or' or ')' before ${describe(close)}`, close);
      }
      this.next();
      this.depth--;
      return inner;
    }
    return this.parseComparison();
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_FILTER_DEPTH) fail(`expression nested too deeply (more than ${MAX_FILTER_DEPTH} levels)`, t);
  }

  private parseComparison(): Pred {
    const t = this.next();
    if (t.kind === 'eof') fail(this.pos === 0 ? 'empty expression' : 'expected a condition at the end', t);
    if (t.kind === 'and' || t.kind === 'or' || t.kind === 'in') fail(`expected a column name before '${t.text}'`, t);
    if (t.kind === 'op') fail(`expected a column name before '${t.text}'`, t);
    if (t.kind === 'rparen' || t.kind === 'comma') fail(`expected a condition before '${t.text}'`, t);
    if (t.kind === 'number') fail(`expected a column name, got the number ${t.text} (write e.g. 'accuracy > ${t.text}')`, t);
    const col = this.resolveColumn(t);
    if (!this.used.includes(col.id)) this.used.push(col.id);

    let op = this.peek();
    if (op.kind === 'error') fail(op.message!, op);
    if (op.kind === 'not' && op.text.toLowerCase() === 'not' && this.tokens[this.pos + 1]?.kind === 'in') {
      this.next();
      this.next();
      const inSet = this.parseInList(col, op);
      return (r) => !Number.isNaN(col.values[r]) && !inSet(r);
    }
    if (op.kind === 'in') {
      this.next();
      return this.parseInList(col, op);
    }
    if (op.kind !== 'op')
      fail(
        `expected a comparison (=, !=, <, <=, >, >=, in) after '${t.text}'${op.kind === 'eof' ? '' : `, got ${describe(op)}`}`,
        op.kind === 'eof' ? t : op,
      );
    op = this.next();
    const o = op.text as ComparisonOp;
    const v = this.peek();
    if (v.kind === 'error') fail(v.message!, v);
    if (v.kind !== 'number' && v.kind !== 'string' && v.kind !== 'word')
      fail(`expected a value after '${op.text}'`, v.kind === 'eof' ? op : v);
    this.next();
    if (col.type === 'categorical' && o !== '=' && o !== '!=')
      fail(`${col.id} is categorical: compare it with =, != or in (values: ${listValues(col)})`, op);
    const operand = this.operand(col, v);
    return compare(col.values, o, operand, op);
  }

  private parseInList(col: Column, inTok: Token): Pred {
    const open = this.peek();
    if (open.kind === 'error') fail(open.message!, open);
    if (open.kind !== 'lparen') fail(`expected '(' after 'in', e.g. ${col.id} in (a, b)`, open.kind === 'eof' ? inTok : open);
    this.next();
    const operands: Operand[] = [];
    for (;;) {
      const v = this.peek();
      if (v.kind === 'error') fail(v.message!, v);
      if (v.kind === 'rparen' && operands.length === 0) fail(`empty list: name at least one value`, v);
      if (v.kind !== 'number' && v.kind !== 'string' && v.kind !== 'word') {
        if (v.kind === 'eof') fail(`missing ')' to close this '('`, open);
        fail(`expected a value in the list, got ${describe(v)}`, v);
      }
      this.next();
      operands.push(this.operand(col, v));
      const sep = this.peek();
      if (sep.kind === 'error') fail(sep.message!, sep);
      if (sep.kind === 'comma') {
        this.next();
        continue;
      }
      if (sep.kind === 'rparen') {
        this.next();
        break;
      }
      if (sep.kind === 'eof') fail(`missing ')' to close this '('`, open);
      fail(`expected ',' or ')' in the list, got ${describe(sep)}`, sep);
    }
    const vals = col.values;
    const wantMissing = operands.some((o) => o.missing);
    const nums = operands.filter((o): o is { missing: false; value: number } => !o.missing).map((o) => o.value);
    if (col.type === 'categorical') {
      const codes = new Set(nums);
      return (r) => {
        const x = vals[r];
        return Number.isNaN(x) ? wantMissing : codes.has(x);
      };
    }
    return (r) => {
      const x = vals[r];
      if (Number.isNaN(x)) return wantMissing;
      for (let k = 0; k < nums.length; k++) if (numbersEqual(x, nums[k])) return true;
      return false;
    };
  }

  private resolveColumn(t: Token): Column {
    if (t.kind !== 'word' && t.kind !== 'string') fail(`expected a column name, got ${describe(t)}`, t);
    const col = getColumn(this.table, t.text);
    if (col) return col;
    const names = [
      ...this.table.columns.map((c) => c.id),
      ...Object.keys(COLUMN_ALIASES).filter((a) => this.table.byId.has(COLUMN_ALIASES[a])),
    ];
    const guess = closestName(t.text, names, (c) => COLUMN_ALIASES[c.toLowerCase()] ?? c);
    if (guess) fail(`unknown column '${t.text}' — did you mean '${guess}'?`, t);
    // a category value typed on its own: point at the column it belongs to
    for (const c of this.table.columns) {
      const hit = c.allowedValues?.find((v) => v.toLowerCase() === t.text.toLowerCase());
      if (hit) fail(`'${t.text}' is not a column — did you mean '${c.id} = ${hit}'?`, t);
    }
    const some = this.table.columns
      .slice(0, 8)
      .map((c) => c.id)
      .join(', ');
    fail(`unknown column '${t.text}'; columns include ${some}, …`, t);
  }

  private operand(col: Column, v: Token): Operand {
    const text = v.text;
    if (col.type === 'categorical') {
      const allowed = col.allowedValues!;
      const hit = allowed.find((a) => a === text) ?? allowed.find((a) => a.toLowerCase() === text.toLowerCase());
      if (hit !== undefined) {
        const code = col.dictionary!.indexOf(hit);
        return { missing: false, value: code }; // −1: a valid value no network has
      }
      if (v.kind === 'word' && isMissingWord(text)) return { missing: true };
      const guess = closestName(text, allowed);
      fail(`${col.id} has no value '${text}'; values: ${listValues(col)}${guess ? ` — did you mean '${guess}'?` : ''}`, v);
    }
    if (v.kind === 'number') return { missing: false, value: v.value! };
    if (v.kind === 'word' && isMissingWord(text)) return { missing: true };
    const asNumber = Number(text.trim());
    if (v.kind === 'string' && text.trim() !== '' && Number.isFinite(asNumber)) return { missing: false, value: asNumber };
    fail(`${col.id} is a number: expected a number, got '${text}'`, v);
  }
}

function isMissingWord(s: string): boolean {
  const l = s.toLowerCase();
  return l === 'missing' || l === 'nan' || l === 'null';
}

function listValues(col: Column): string {
  const vals = col.allowedValues ?? [];
  return vals.length > 10 ? `${vals.slice(0, 10).join(', ')}, …` : vals.join(', ');
}

function compare(vals: Float64Array, op: ComparisonOp, operand: Operand, opTok: Token): Pred {
  if (operand.missing) {
    if (op === '=') return (r) => Number.isNaN(vals[r]);
    if (op === '!=') return (r) => !Number.isNaN(vals[r]);
    fail(`'missing' can only be compared with = or !=`, opTok);
  }
  const c = (operand as { value: number }).value;
  switch (op) {
    case '=':
      return (r) => numbersEqual(vals[r], c);
    case '!=':
      return (r) => {
        const x = vals[r];
        return x === x && !numbersEqual(x, c); // missing fails every comparison
      };
    case '<':
      return (r) => vals[r] < c;
    case '<=':
      return (r) => vals[r] <= c;
    case '>':
      return (r) => vals[r] > c;
    case '>=':
      return (r) => vals[r] >= c;
  }
  return fail(`unknown operator '${op}'`, opTok);
}

/**
 * Parse a filter expression against a table. Never throws: a bad expression
 * gives { ok: false, error } with a message and the span of the bad token.
 */
export function parseFilter(src: string, table: NetworkTable): FilterResult {
  try {
    if (typeof src !== 'string') return { ok: false, error: { message: 'the filter must be text', start: 0, end: 0 } };
    const tokens = tokenize(src);
    if (tokens.length === 1) return { ok: true, predicate: () => true, columns: [], empty: true };
    const parser = new Parser(tokens, table);
    const predicate = parser.parseAll();
    return { ok: true, predicate, columns: parser.used, empty: false };
  } catch (e) {
    if (e instanceof FilterSyntaxError) return { ok: false, error: { message: e.message, start: e.start, end: e.end } };
    // last resort (e.g. a stack overflow): still an answer, never an exception
    return {
      ok: false,
      error: { message: `could not read the filter (${e instanceof Error ? e.message : String(e)})`, start: 0, end: src.length },
    };
  }
}

/** Rows that pass a predicate, as a 0/1 mask. */
export function predicateMask(predicate: (row: number) => boolean, rowCount: number): Uint8Array {
  const m = new Uint8Array(rowCount);
  for (let r = 0; r < rowCount; r++) m[r] = predicate(r) ? 1 : 0;
  return m;
}

/** parseFilter then the mask of passing rows, or the error. */
export function evaluateFilter(src: string, table: NetworkTable): { ok: true; mask: Uint8Array } | { ok: false; error: FilterError } {
  const f = parseFilter(src, table);
  return f.ok ? { ok: true, mask: predicateMask(f.predicate, table.rowCount) } : f;
}
