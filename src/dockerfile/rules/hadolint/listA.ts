// hadolint rules DL1000 and DL3000..DL3029: one import per rule file.
import type { Rule } from '../../rule';
import { DL1000 } from './DL1000';

export const rules: Rule[] = [DL1000];
