// Tokenizer of the filter-expression language (docs/filter-expressions.md).
// Hand-written so that every token keeps its [start, end) span in the source,
// which error messages point at. Never throws: bad characters become 'error'
// tokens that the parser reports.

export type TokenKind =
  | 'number' // 0.9, 1e-3, -2, 90% (value already divided by 100)
  | 'string' // 'quoted' or "quoted"
  | 'word' // bare identifier or value: accuracy, tanh, glorot_uniform, imported-tfjs
  | 'op' // = == != <> < <= > >=
  | 'and'
  | 'or'
  | 'not'
  | 'in'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'error'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text of the token (for strings: the unquoted, unescaped content). */
  text: string;
  /** Numbers only. */
  value?: number;
  start: number;
  end: number;
  /** 'error' tokens: what is wrong. */
  message?: string;
}

const KEYWORDS: Record<string, TokenKind> = { and: 'and', or: 'or', not: 'not', in: 'in' };

const isDigit = (c: string) => c >= '0' && c <= '9';
const isWordStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isWordChar = (c: string) => isWordStart(c) || isDigit(c) || c === '.' || c === '-' || c === ':';

/** Split src into tokens; the last one is always 'eof'. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c === '(' || c === ')' || c === ',') {
      out.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', text: c, start, end: i + 1 });
      i++;
      continue;
    }
    if (c === '&' || c === '|') {
      // && and || as synonyms of and / or
      if (src[i + 1] === c) {
        out.push({ kind: c === '&' ? 'and' : 'or', text: c + c, start, end: i + 2 });
        i += 2;
      } else {
        out.push({
          kind: 'error',
          text: c,
          start,
          end: i + 1,
          message: `unexpected '${c}' — write '${c}${c}' or '${c === '&' ? 'and' : 'or'}'`,
        });
        i++;
      }
      continue;
    }
    if (c === '=' || c === '!' || c === '<' || c === '>') {
      const two = src.slice(i, i + 2);
      if (two === '==' || two === '!=' || two === '<=' || two === '>=' || two === '<>') {
        out.push({ kind: 'op', text: two === '==' ? '=' : two === '<>' ? '!=' : two, start, end: i + 2 });
        i += 2;
      } else if (c === '!') {
        out.push({ kind: 'not', text: '!', start, end: i + 1 });
        i++;
      } else {
        out.push({ kind: 'op', text: c, start, end: i + 1 });
        i++;
      }
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      let closed = false;
      while (j < n) {
        const d = src[j];
        if (d === '\\' && j + 1 < n) {
          text += src[j + 1];
          j += 2;
          continue;
        }
        if (d === c) {
          closed = true;
          j++;
          break;
        }
        text += d;
        j++;
      }
      if (!closed) out.push({ kind: 'error', text: src.slice(i, j), start, end: j, message: `unterminated string: add a closing ${c}` });
      else out.push({ kind: 'string', text, start, end: j });
      i = j;
      continue;
    }
    const signed = (c === '-' || c === '+') && (isDigit(src[i + 1] ?? '') || (src[i + 1] === '.' && isDigit(src[i + 2] ?? '')));
    if (isDigit(c) || signed || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      let j = signed ? i + 1 : i;
      while (j < n && isDigit(src[j])) j++;
      if (src[j] === '.') {
        j++;
        while (j < n && isDigit(src[j])) j++;
      }
      if (
        (src[j] === 'e' || src[j] === 'E') &&
        (isDigit(src[j + 1] ?? '') || ((src[j + 1] === '-' || src[j + 1] === '+') && isDigit(src[j + 2] ?? '')))
      ) {
        j += 2;
        while (j < n && isDigit(src[j])) j++;
      }
      let value = Number(src.slice(i, j));
      let end = j;
      if (src[j] === '%') {
        value /= 100;
        end = j + 1;
      }
      // "3abc": a number glued to letters is a typo, not two tokens
      if (end < n && isWordChar(src[end]) && src[end] !== '-') {
        let k = end;
        while (k < n && isWordChar(src[k])) k++;
        out.push({ kind: 'error', text: src.slice(i, k), start, end: k, message: `'${src.slice(i, k)}' is not a number` });
        i = k;
        continue;
      }
      out.push({ kind: 'number', text: src.slice(i, end), value, start, end });
      i = end;
      continue;
    }
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWordChar(src[j])) j++;
      const text = src.slice(i, j);
      const kw = KEYWORDS[text.toLowerCase()];
      out.push({ kind: kw ?? 'word', text, start, end: j });
      i = j;
      continue;
    }
    out.push({ kind: 'error', text: c, start, end: i + 1, message: `unexpected character '${c}'` });
    i++;
  }
  out.push({ kind: 'eof', text: '', start: n, end: n });
  return out;
}
