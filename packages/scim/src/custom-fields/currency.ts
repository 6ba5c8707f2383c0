/**
 * Currency values. Accepted grammar (surrounding whitespace ignored, code in any case):
 *
 * - `CODE`: a currency alone, e.g. `EUR`;
 * - `CODE amount` or `amount CODE`, separated by whitespace, e.g. `USD 12.50`, `12.50 usd`;
 * - `amount` alone, only when the field allows exactly one currency (that one is implied).
 *
 * CODE is three letters and must be in the field's `currencies` when that list is given. amount is
 * `-?digits(.digits)?` with at most 4 fraction digits: no sign `+`, no thousands separators, no
 * exponent. The normalised form is `CODE amount` (or `CODE`) with the code in upper case and the
 * amount exactly as written: fraction digits are not padded, since minor units differ by currency.
 */
import { err, ok, type Result } from '../result.ts';

/** {@link parseCurrency} grammar in one phrase, for schema descriptions and error details. */
export const CURRENCY_GRAMMAR =
  '"CODE", "CODE amount" or "amount CODE" (up to 4 decimal places), e.g. "USD 12.50"';

const CODE = '[A-Za-z]{3}';
const AMOUNT = '-?[0-9]+(?:\\.[0-9]{1,4})?';
const CODE_ONLY = new RegExp(`^(${CODE})$`);
const CODE_FIRST = new RegExp(`^(${CODE})\\s+(${AMOUNT})$`);
const AMOUNT_FIRST = new RegExp(`^(${AMOUNT})\\s+(${CODE})$`);
const AMOUNT_ONLY = new RegExp(`^(${AMOUNT})$`);

/** Why a currency string was refused. */
export type CurrencyProblem =
  | { readonly kind: 'syntax' }
  | { readonly kind: 'noCode' }
  | { readonly kind: 'codeNotAllowed'; readonly code: string };

/**
 * Parses `text` by the grammar above and returns its normalised form.
 *
 * @param currencies - the field's allowed codes (upper case); empty or absent allows any code.
 */
export const parseCurrency = (
  text: string,
  currencies: readonly string[] | undefined,
): Result<string, CurrencyProblem> => {
  const allowed = currencies ?? [];
  const trimmed = text.trim();
  let code: string | undefined;
  let amount: string | undefined;
  const codeOnly = CODE_ONLY.exec(trimmed);
  const codeFirst = CODE_FIRST.exec(trimmed);
  const amountFirst = AMOUNT_FIRST.exec(trimmed);
  const amountOnly = AMOUNT_ONLY.exec(trimmed);
  if (codeOnly !== null) {
    code = codeOnly[1];
  } else if (codeFirst !== null) {
    [, code, amount] = codeFirst;
  } else if (amountFirst !== null) {
    [, amount, code] = amountFirst;
  } else if (amountOnly !== null) {
    const [only] = allowed;
    if (only === undefined || allowed.length > 1) return err({ kind: 'noCode' });
    [code, amount] = [only, amountOnly[1]];
  }
  if (code === undefined) return err({ kind: 'syntax' });
  code = code.toUpperCase();
  if (allowed.length > 0 && !allowed.includes(code)) return err({ kind: 'codeNotAllowed', code });
  return ok(amount === undefined ? code : `${code} ${amount}`);
};
