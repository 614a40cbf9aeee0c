/** An error the user can act on: printed as `stevedore: MESSAGE` on stderr, with this exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
