// hadolint's rules (github.com/hadolint/hadolint, src/Hadolint/Rule/); one import per rule file.
import type { Rule } from '../../rule';
import { DL1000 } from './DL1000';
import { DL1001 } from './DL1001';
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
import { DL3030 } from './DL3030';
import { DL3032 } from './DL3032';
import { DL3033 } from './DL3033';
import { DL3034 } from './DL3034';
import { DL3035 } from './DL3035';
import { DL3036 } from './DL3036';
import { DL3037 } from './DL3037';
import { DL3038 } from './DL3038';
import { DL3040 } from './DL3040';
import { DL3041 } from './DL3041';
import { DL3042 } from './DL3042';
import { DL3043 } from './DL3043';
import { DL3044 } from './DL3044';
import { DL3045 } from './DL3045';
import { DL3046 } from './DL3046';
import { DL3047 } from './DL3047';
import { DL3048 } from './DL3048';
import { DL3049 } from './DL3049';
import { DL3050 } from './DL3050';
import { DL3051 } from './DL3051';
import { DL3052 } from './DL3052';
import { DL3053 } from './DL3053';
import { DL3054 } from './DL3054';
import { DL3055 } from './DL3055';
import { DL3056 } from './DL3056';
import { DL3057 } from './DL3057';
import { DL3058 } from './DL3058';
import { DL3059 } from './DL3059';
import { DL3060 } from './DL3060';
import { DL3061 } from './DL3061';
import { DL3062 } from './DL3062';
import { DL3063 } from './DL3063';
import { DL3064 } from './DL3064';
import { DL3065 } from './DL3065';
import { DL3066 } from './DL3066';
import { DL3067 } from './DL3067';
import { DL4000 } from './DL4000';
import { DL4001 } from './DL4001';
import { DL4003 } from './DL4003';
import { DL4004 } from './DL4004';
import { DL4005 } from './DL4005';
import { DL4006 } from './DL4006';

export const rules: Rule[] = [
  DL1000, DL1001, DL3000, DL3001, DL3002, DL3003, DL3004, DL3006, DL3007, DL3008, DL3009, DL3010, DL3011,
  DL3012, DL3013, DL3014, DL3015, DL3016, DL3018, DL3019, DL3020, DL3021, DL3022, DL3023, DL3024, DL3025,
  DL3026, DL3027, DL3028, DL3029, DL3030, DL3032, DL3033, DL3034, DL3035, DL3036, DL3037, DL3038, DL3040,
  DL3041, DL3042, DL3043, DL3044, DL3045, DL3046, DL3047, DL3048, DL3049, DL3050, DL3051, DL3052, DL3053,
  DL3054, DL3055, DL3056, DL3057, DL3058, DL3059, DL3060, DL3061, DL3062, DL3063, DL3064, DL3065, DL3066,
  DL3067, DL4000, DL4001, DL4003, DL4004, DL4005, DL4006,
];
