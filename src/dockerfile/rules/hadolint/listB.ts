// hadolint rules DL3030..DL4006 and DL1001 (owned by the LINT-DL-B work); one import per rule file.
import type { Rule } from '../../rule';

export const rules: Rule[] = [];
