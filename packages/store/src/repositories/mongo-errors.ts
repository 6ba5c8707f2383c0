/** MongoDB and FerretDB both report a unique-index violation as code 11000 (messages differ). */
export const isDuplicateKeyError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === 11000;
