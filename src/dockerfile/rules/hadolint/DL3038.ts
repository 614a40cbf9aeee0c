import type { Rule } from '../../rule';
import { assumeYesExplanation, missingAssumeYes } from '../kit';

export const DL3038: Rule = {
  code: 'DL3038',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Use the -y switch to avoid manual input `dnf install -y <package>`.',
  explanation: assumeYesExplanation('dnf'),
  check: (ctx) => missingAssumeYes(ctx, ['dnf', 'microdnf']),
};
