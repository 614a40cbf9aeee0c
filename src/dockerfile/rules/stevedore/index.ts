// stevedore rules; one import per rule file.
import type { Rule } from '../../rule';

export const rules: Rule[] = [];
