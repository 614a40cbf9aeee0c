// The run (TODO: being written).
import { LoadOptionsError } from './options';
import type { LoadHooks, LoadOptions, LoadResult } from './types';

export { LoadOptionsError };

/**
 * Send the load and measure it. Resolves (never rejects) once the run ends, also on cancel (then
 * `cancelled: true`); rejects only with LoadOptionsError / RemoteTargetError before any traffic.
 */
export async function runLoad(options: LoadOptions, hooks: LoadHooks = {}): Promise<LoadResult> {
  void options;
  void hooks;
  throw new Error('TODO');
}
