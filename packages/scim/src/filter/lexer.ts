/**
 * Splits filter (and PATCH path) text into tokens. Deliberately context-free: whether a word is an
 * attribute path, an operator, a keyword or an unquoted value is decided by the parser, which is
 * what lets `and`, `or` and `not` also work as attribute names and lets Entra's unquoted values
 * through (`userName eq alice`).
 */
import { err, ok, type Result } from '../result.ts';

/** Offsets are 0-based UTF-16 indexes into the source; `end` is exclusive. */
export type Token =
  | { readonly kind: 'word'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: 'string'; readonly value: string; readonly start: number; readonly end: number }
  | { readonly kind: '(' | ')' | '[' | ']' | 'end'; readonly start: number; readonly end: number };

export interface LexError {
  readonly reason: string;
  /** 0-based offset the reason refers to. */
  readonly offset: number;
}

const PUNCTUATION = new Set(['(', ')', '[', ']']);
// RFC 7644 uses SP; tabs and newlines appear when clients build filters from templates.
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const isWordChar = (ch: string): boolean => !WHITESPACE.has(ch) && !PUNCTUATION.has(ch) && ch !== '"';

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
const HEX4 = /^[0-9A-Fa-f]{4}$/;

/**
 * Reads a JSON string (RFC 8259 §7) whose opening quote is at `start`. Raw control characters are
 * tolerated (JSON forbids them) because they can only come from a client's own URL encoding.
 */
const readString = (text: string, start: number): Result<{ value: string; end: number }, LexError> => {
  let value = '';
  let chunkStart = start + 1;
  let i = chunkStart;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === '"') return ok({ value: value + text.slice(chunkStart, i), end: i + 1 });
    if (ch !== '\\') {
      i += 1;
      continue;
    }
    value += text.slice(chunkStart, i);
    const escape = text.charAt(i + 1);
    const simple = Object.hasOwn(SIMPLE_ESCAPES, escape) ? SIMPLE_ESCAPES[escape] : undefined;
    if (simple !== undefined) {
      value += simple;
      i += 2;
    } else if (escape === 'u' && HEX4.test(text.slice(i + 2, i + 6))) {
      value += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
      i += 6;
    } else if (escape === '') {
      break;
    } else {
      const reason =
        escape === 'u'
          ? "invalid escape in a string: '\\u' must be followed by 4 hex digits"
          : `invalid escape '\\${escape}' in a string (JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`;
      return err({ reason, offset: i });
    }
    chunkStart = i;
  }
  return err({ reason: "unterminated string (missing closing '\"')", offset: start });
};

/** Tokenises `text`; the last token is always `end`. */
export const tokenize = (text: string): Result<readonly Token[], LexError> => {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (WHITESPACE.has(ch)) {
      i += 1;
    } else if (ch === '(' || ch === ')' || ch === '[' || ch === ']') {
      tokens.push({ kind: ch, start: i, end: i + 1 });
      i += 1;
    } else if (ch === '"') {
      const read = readString(text, i);
      if (!read.ok) return read;
      tokens.push({ kind: 'string', value: read.value.value, start: i, end: read.value.end });
      i = read.value.end;
    } else {
      const start = i;
      while (i < text.length && isWordChar(text.charAt(i))) i += 1;
      tokens.push({ kind: 'word', text: text.slice(start, i), start, end: i });
    }
  }
  tokens.push({ kind: 'end', start: text.length, end: text.length });
  return ok(tokens);
};
