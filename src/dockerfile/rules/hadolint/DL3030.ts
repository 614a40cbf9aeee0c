import type { Rule } from '../../rule';
import { assumeYesExplanation, missingAssumeYes } from '../kit';

export const DL3030: Rule = {
  code: 'DL3030',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Use the -y switch to avoid manual input `yum install -y <package`',
  explanation: assumeYesExplanation('yum'),
  check: (ctx) => missingAssumeYes(ctx, ['yum']),
};
