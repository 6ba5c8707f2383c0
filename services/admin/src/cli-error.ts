/** A failure the CLI explains to its user (exit code 1, message on stderr, no stack). */
export class CliError extends Error {
  override readonly name = 'CliError';
}
