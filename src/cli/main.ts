// `stevedore`: the same engines as the extension, behind a command line for CI and terminals.
// Each subcommand lives in its own module and is loaded only when it runs.
import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';
import { CliError } from './errors';
import { registerSubcommands } from './subcommands';

export { compileLintEngine } from './lint';

/** Exit status for a command line that could not be understood. */
export const USAGE_ERROR = 2;

export function buildProgram(): Command {
  const program = new Command('stevedore')
    .description('Smaller, faster containers: lint Dockerfiles, analyse images, watch compose stats.')
    .version(version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run stevedore --help for usage)')
    .exitOverride();
  registerSubcommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed help, the version, or the usage error. A usage error exits 2,
      // so CI can tell a broken invocation from findings (exit 1), as with `analyze --format xml`.
      return error.exitCode === 0 ? 0 : USAGE_ERROR;
    }
    if (error instanceof CliError) {
      process.stderr.write(`stevedore: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`stevedore: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** Runs the command line as the process: its exit status becomes the process's. */
export function runAsProgram(argv: string[]): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`stevedore: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

// `tsx src/cli/main.ts ...` in development; the built executable is bin.ts (dist/cli.js).
if (require.main === module) runAsProgram(process.argv.slice(2));
