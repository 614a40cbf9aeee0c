// Stevedore's own optimisation rules; one import per rule file.
//   SD1xxx multi-stage: what the final image should not carry
//   SD2xxx base image:  which image the final stage starts from
//   SD3xxx layers, build context and secrets
import type { Rule } from '../../rule';
import { SD1001 } from './SD1001';
import { SD1002 } from './SD1002';
import { SD1003 } from './SD1003';
import { SD2001 } from './SD2001';
import { SD2002 } from './SD2002';
import { SD3001 } from './SD3001';
import { SD3002 } from './SD3002';
import { SD3003 } from './SD3003';
import { SD3004 } from './SD3004';
import { SD3005 } from './SD3005';
import { SD3006 } from './SD3006';
import { SD3007 } from './SD3007';
import { SD3008 } from './SD3008';
import { SD3009 } from './SD3009';

export const rules: Rule[] = [
  SD1001, SD1002, SD1003, SD2001, SD2002, SD3001, SD3002, SD3003, SD3004, SD3005, SD3006, SD3007, SD3008, SD3009,
];
