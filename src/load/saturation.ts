// Saturation beside the load (TODO: being written).
import type { LoadSaturation, SaturationProbe, SaturationSample } from './types';

export interface ComposeProbeOptions {
  folder: string;
  files?: string[];
  projectName?: string;
  dockerHost?: string;
  settingName?: string;
  service: string;
}

/** A probe following the compose service's running replicas through the stats engine. */
export function composeSaturationProbe(options: ComposeProbeOptions): SaturationProbe {
  void options;
  throw new Error('TODO');
}

/** Peak and mean over the samples of a run; null without samples. */
export function summarizeSaturation(samples: readonly SaturationSample[]): LoadSaturation | null {
  void samples;
  return null;
}
