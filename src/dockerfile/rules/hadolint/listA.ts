// hadolint rules DL1000 and DL3000..DL3029: one import per rule file.
import type { Rule } from '../../rule';
import { DL1000 } from './DL1000';
import { DL3000 } from './DL3000';
import { DL3001 } from './DL3001';
import { DL3002 } from './DL3002';
import { DL3003 } from './DL3003';
import { DL3004 } from './DL3004';
import { DL3006 } from './DL3006';
import { DL3007 } from './DL3007';
import { DL3008 } from './DL3008';
import { DL3009 } from './DL3009';
import { DL3010 } from './DL3010';
import { DL3011 } from './DL3011';
import { DL3012 } from './DL3012';
import { DL3013 } from './DL3013';
import { DL3014 } from './DL3014';
import { DL3015 } from './DL3015';
import { DL3016 } from './DL3016';
import { DL3018 } from './DL3018';
import { DL3019 } from './DL3019';
import { DL3020 } from './DL3020';
import { DL3021 } from './DL3021';
import { DL3022 } from './DL3022';
import { DL3023 } from './DL3023';
import { DL3024 } from './DL3024';
import { DL3025 } from './DL3025';
import { DL3026 } from './DL3026';
import { DL3027 } from './DL3027';
import { DL3028 } from './DL3028';
import { DL3029 } from './DL3029';

export const rules: Rule[] = [
  DL1000, DL3000, DL3001, DL3002, DL3003, DL3004, DL3006, DL3007, DL3008, DL3009, DL3010, DL3011, DL3012,
  DL3013, DL3014, DL3015, DL3016, DL3018, DL3019, DL3020, DL3021, DL3022, DL3023, DL3024, DL3025, DL3026,
  DL3027, DL3028, DL3029,
];
