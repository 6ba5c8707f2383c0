/**
 * Recursive-descent parser for RFC 7644 §3.4.2.2 filters, also used for PATCH paths (§3.5.2),
 * whose value filters share the grammar:
 *
 *   filter    = or
 *   or        = and *("or" and)
 *   and       = unary *("and" unary)           ; so: not > and > or
 *   unary     = "not" "(" or ")" / "(" or ")" / attrExp
 *   attrExp   = attrPath ("pr" / compareOp compValue)
 *             / attrPath "[" valFilter "]" ["." subAttr ("pr" / compareOp compValue)]
 *
 * The last alternative's tail is Entra's non-RFC form (docs/entra.md §2.1). Operators, keywords and
 * true/false/null are case-insensitive (§3.4.2.2: "attribute names and attribute operators used in
 * filters are case insensitive"). Unquoted values are read as strings because Entra has been seen
 * sending them. Limits on length, nesting and term count bound the work any one request can cause.
 */
import { isSubAttrName, readAttributePath, type AttributePath } from '../attribute-path.ts';
import { quoteForDetail, ScimError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import {
  COMPARE_OPERATORS,
  type CompareOperator,
  type CompareValue,
  type Filter,
  type ValuePathFilter,
} from './ast.ts';
import { tokenize, type Token } from './lexer.ts';

export const MAX_FILTER_LENGTH = 4096;
export const MAX_FILTER_DEPTH = 16;
export const MAX_FILTER_TERMS = 64;

export interface ParseFilterOptions {
  /** Schema URNs that may prefix attribute paths (see `AttributePathOptions`). */
  readonly knownSchemas: readonly string[];
}

/** A PATCH `path`: an attribute path, optionally narrowed by a value filter and then a sub-attribute. */
export interface PatchPath extends AttributePath {
  /** `emails[type eq "work"]` → `type eq "work"`, with paths relative to one element. */
  readonly valueFilter?: Filter;
}

type Parsed<T> = Result<T, ScimError>;
type Mode = { readonly scimType: 'invalidFilter' | 'invalidPath'; readonly label: string };

const FILTER_MODE: Mode = { scimType: 'invalidFilter', label: 'Invalid filter' };
const PATH_MODE: Mode = { scimType: 'invalidPath', label: 'Invalid path' };

const OPERATORS: ReadonlyMap<string, CompareOperator | 'pr'> = new Map([
  ...COMPARE_OPERATORS.map((op) => [op, op] as const),
  ['pr', 'pr'] as const,
]);
const OPERATOR_LIST = 'eq, ne, co, sw, ew, gt, ge, lt, le or pr';
// RFC 8259 §6 number grammar; anything else unquoted is a bare string.
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

const isWord = (token: Token, word: string): boolean =>
  token.kind === 'word' && token.text.toLowerCase() === word;
const operatorOf = (token: Token): CompareOperator | 'pr' | undefined =>
  token.kind === 'word' ? OPERATORS.get(token.text.toLowerCase()) : undefined;

const describe = (token: Token): string => {
  switch (token.kind) {
    case 'end':
      return 'the end of the input';
    case 'word':
      return quoteForDetail(token.text);
    case 'string':
      return `the string ${quoteForDetail(token.value)}`;
    default:
      return `'${token.kind}'`;
  }
};

/** Joins operands with `kind`, flattening operands of the same kind (see ast.ts). */
const junction = (kind: 'and' | 'or', first: Filter, rest: readonly Filter[]): Filter => {
  if (rest.length === 0) return first;
  const flat: Filter[] = [];
  for (const operand of [first, ...rest]) {
    if (operand.kind === kind) flat.push(...operand.filters);
    else flat.push(operand);
  }
  const [a, b, ...more] = flat;
  // Unreachable: two or more operands never flatten to fewer than two.
  if (a === undefined || b === undefined) return first;
  return { kind, filters: [a, b, ...more] };
};

class Parser {
  private index = 0;
  private depth = 0;
  private terms = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly knownSchemas: readonly string[],
    private readonly mode: Mode,
  ) {}

  parseWholeFilter(): Parsed<Filter> {
    const filter = this.parseOr(false);
    if (!filter.ok) return filter;
    const next = this.peek();
    return next.kind === 'end' ? filter : this.expected("'and', 'or' or the end of the filter", next);
  }

  parseWholePatchPath(): Parsed<PatchPath> {
    const first = this.peek();
    if (first.kind !== 'word') return this.expected('an attribute path', first);
    this.index += 1;
    const path = this.attributePath(first);
    if (!path.ok) return path;
    if (this.peek().kind !== '[') return this.end(path.value, 'the end of the path');
    const bracket = this.peek();
    if (path.value.subAttr !== undefined)
      return this.fail(bracket, 'a value filter must follow an attribute name');
    const valueFilter = this.parseBracket();
    if (!valueFilter.ok) return valueFilter;
    const filtered: PatchPath = { ...path.value, valueFilter: valueFilter.value };
    const after = this.peek();
    if (after.kind !== 'word' || !after.text.startsWith('.')) {
      return this.end(filtered, "'.' and a sub-attribute, or the end of the path");
    }
    this.index += 1;
    const subAttr = this.subAttribute(after);
    return subAttr.ok ? this.end({ ...filtered, subAttr: subAttr.value }, 'the end of the path') : subAttr;
  }

  private end<T>(value: T, expected: string): Parsed<T> {
    const next = this.peek();
    return next.kind === 'end' ? ok(value) : this.expected(expected, next);
  }

  private peek(offset = 0): Token {
    const last = this.tokens.length - 1;
    // The lexer always ends with an `end` token, so clamping keeps us on it.
    return this.tokens[Math.min(this.index + offset, last)] ?? { kind: 'end', start: 0, end: 0 };
  }

  private fail(token: Token, reason: string): Parsed<never> {
    const detail = `${this.mode.label} at position ${token.start + 1}: ${reason}.`;
    return err(ScimError.badRequest(this.mode.scimType, detail));
  }

  private expected(what: string, token: Token): Parsed<never> {
    return this.fail(token, `expected ${what}, found ${describe(token)}`);
  }

  /** Enters one level of `(`, `not (` or `[`. */
  private enter(token: Token): Parsed<true> {
    this.depth += 1;
    return this.depth > MAX_FILTER_DEPTH
      ? this.fail(token, `nesting is deeper than ${MAX_FILTER_DEPTH} levels`)
      : ok(true);
  }

  private countTerm(token: Token): Parsed<true> {
    this.terms += 1;
    return this.terms > MAX_FILTER_TERMS
      ? this.fail(token, `more than ${MAX_FILTER_TERMS} comparisons`)
      : ok(true);
  }

  // Precedence (RFC 7644 §3.4.2.2): `not` binds tighter than `and`, which binds tighter than `or`.
  private parseOr(inValuePath: boolean): Parsed<Filter> {
    return this.parseJoined('or', () => this.parseAnd(inValuePath));
  }

  private parseAnd(inValuePath: boolean): Parsed<Filter> {
    return this.parseJoined('and', () => this.parseUnary(inValuePath));
  }

  /** `operand (word operand)*`, as one junction of every operand. */
  private parseJoined(word: 'and' | 'or', operand: () => Parsed<Filter>): Parsed<Filter> {
    const first = operand();
    if (!first.ok) return first;
    const rest: Filter[] = [];
    while (isWord(this.peek(), word)) {
      this.index += 1;
      const next = operand();
      if (!next.ok) return next;
      rest.push(next.value);
    }
    return ok(junction(word, first.value, rest));
  }

  private parseUnary(inValuePath: boolean): Parsed<Filter> {
    const token = this.peek();
    if (token.kind === '(') return this.parseGroup(inValuePath);
    if (isWord(token, 'not')) {
      const next = this.peek(1);
      if (next.kind === '(') {
        this.index += 1;
        const inner = this.parseGroup(inValuePath);
        return inner.ok ? ok({ kind: 'not', filter: inner.value }) : inner;
      }
      // `not` followed by an operator is an attribute called "not" (`not pr`); otherwise RFC 7644
      // requires parentheses: `not (expr)`.
      if (operatorOf(next) === undefined) return this.expected("'(' after 'not'", next);
    }
    if (token.kind === 'word') return this.parseAttributeExpression(token, inValuePath);
    const what = inValuePath ? "a sub-attribute name, '(' or 'not'" : "an attribute path, '(' or 'not'";
    return this.expected(what, token);
  }

  /** Parses `(filter)`; the current token is the `(`. */
  private parseGroup(inValuePath: boolean): Parsed<Filter> {
    return this.parseEnclosed('(', ')', inValuePath);
  }

  /** Parses `[valFilter]`; the current token is the `[`. */
  private parseBracket(): Parsed<Filter> {
    return this.parseEnclosed('[', ']', true);
  }

  /** A filter between `open` (the current token) and `close`, one level deeper. */
  private parseEnclosed(open: '(' | '[', close: ')' | ']', inValuePath: boolean): Parsed<Filter> {
    const opening = this.peek();
    this.index += 1;
    const entered = this.enter(opening);
    if (!entered.ok) return entered;
    const inner = this.parseOr(inValuePath);
    if (!inner.ok) return inner;
    const closing = this.peek();
    if (closing.kind !== close)
      return this.expected(
        `'and', 'or' or '${close}' to close the '${open}' at position ${opening.start + 1}`,
        closing,
      );
    this.index += 1;
    this.depth -= 1;
    return inner;
  }

  private parseAttributeExpression(word: Token & { kind: 'word' }, inValuePath: boolean): Parsed<Filter> {
    this.index += 1;
    const path = inValuePath ? this.elementAttribute(word) : this.attributePath(word);
    if (!path.ok) return path;
    const next = this.peek();
    if (next.kind !== '[') return this.parseComparison(path.value);
    if (inValuePath) return this.fail(next, 'value filters cannot be nested');
    if (path.value.subAttr !== undefined)
      return this.fail(next, 'a value filter must follow an attribute name');
    return this.parseValuePath(path.value);
  }

  private parseValuePath(path: AttributePath): Parsed<ValuePathFilter> {
    const inner = this.parseBracket();
    if (!inner.ok) return inner;
    const after = this.peek();
    if (after.kind !== 'word' || !after.text.startsWith('.'))
      return ok({ kind: 'valuePath', path, filter: inner.value });
    // Entra: `emails[type eq "work"].value eq "x"` (docs/entra.md §2.1) means the same as
    // `emails[type eq "work" and value eq "x"]`, so it is stored in that form.
    this.index += 1;
    const subAttr = this.subAttribute(after);
    if (!subAttr.ok) return subAttr;
    const comparison = this.parseComparison({ attr: subAttr.value });
    if (!comparison.ok) return comparison;
    return ok({ kind: 'valuePath', path, filter: junction('and', inner.value, [comparison.value]) });
  }

  private parseComparison(path: AttributePath): Parsed<Filter> {
    const operator = this.peek();
    const op = operatorOf(operator);
    if (op === undefined) return this.expected(`an operator (${OPERATOR_LIST})`, operator);
    this.index += 1;
    const counted = this.countTerm(operator);
    if (!counted.ok) return counted;
    if (op === 'pr') return ok({ kind: 'present', path });
    const value = this.parseValue();
    return value.ok ? ok({ kind: 'compare', path, op, value: value.value }) : value;
  }

  private parseValue(): Parsed<CompareValue> {
    const token = this.peek();
    if (token.kind === 'string') {
      this.index += 1;
      return ok(token.value);
    }
    if (token.kind !== 'word')
      return this.expected('a value (a quoted string, a number, true, false or null)', token);
    this.index += 1;
    const lower = token.text.toLowerCase();
    if (lower === 'true') return ok(true);
    if (lower === 'false') return ok(false);
    if (lower === 'null') return ok(null);
    if (!JSON_NUMBER.test(token.text)) return ok(token.text);
    const number = Number(token.text);
    return Number.isFinite(number)
      ? ok(number)
      : this.fail(token, `number ${quoteForDetail(token.text)} is out of range`);
  }

  private attributePath(word: Token & { kind: 'word' }): Parsed<AttributePath> {
    const path = readAttributePath(word.text, this.knownSchemas);
    return path.ok ? path : this.fail(word, path.error);
  }

  /** Inside `[...]` paths name a sub-attribute of one element, so they are bare names. */
  private elementAttribute(word: Token & { kind: 'word' }): Parsed<AttributePath> {
    return isSubAttrName(word.text)
      ? ok({ attr: word.text })
      : this.fail(word, `expected a sub-attribute name inside '[...]', found ${describe(word)}`);
  }

  /** Reads the `.name` word that follows a `]`. */
  private subAttribute(word: Token & { kind: 'word' }): Parsed<string> {
    const name = word.text.slice(1);
    return isSubAttrName(name)
      ? ok(name)
      : this.fail(word, `expected a sub-attribute name after ']', found ${describe(word)}`);
  }
}

const parseWith = <T>(
  text: string,
  options: ParseFilterOptions,
  mode: Mode,
  run: (parser: Parser) => Parsed<T>,
): Parsed<T> => {
  if (text.length > MAX_FILTER_LENGTH) {
    return err(
      ScimError.badRequest(mode.scimType, `${mode.label}: longer than ${MAX_FILTER_LENGTH} characters.`),
    );
  }
  const tokens = tokenize(text);
  if (!tokens.ok) {
    const { reason, offset } = tokens.error;
    return err(ScimError.badRequest(mode.scimType, `${mode.label} at position ${offset + 1}: ${reason}.`));
  }
  return run(new Parser(tokens.value, options.knownSchemas, mode));
};

/**
 * Parses a `filter` query parameter or SearchRequest filter (RFC 7644 §3.4.2.2).
 * Never throws; every problem is a 400 `invalidFilter` whose detail names the 1-based position.
 */
export const parseFilter = (text: string, options: ParseFilterOptions): Result<Filter, ScimError> =>
  parseWith(text, options, FILTER_MODE, (parser) => parser.parseWholeFilter());

/**
 * Parses a PATCH operation `path` (RFC 7644 §3.5.2): `attrPath` or `valuePath ["." subAttr]`, e.g.
 * `name.familyName`, `members[value eq "u1"]`, `emails[type eq "work"].value`,
 * `urn:…:enterprise:2.0:User:manager`. Errors are 400 `invalidPath`.
 */
export const parsePatchPath = (text: string, options: ParseFilterOptions): Result<PatchPath, ScimError> =>
  parseWith(text, options, PATH_MODE, (parser) => parser.parseWholePatchPath());
