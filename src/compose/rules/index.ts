// Stevedore's Compose rules; one import per rule file.
//   SDC1xxx structure: what the Compose Specification allows (keys, types, durations, sizes, version)
//   SDC2xxx running well: images, resources (right-sized from observed peaks), health, restarts, logs
//   SDC3xxx exposure and isolation: ports, credentials, the Docker socket, privileges, build contexts
import type { ComposeRule } from './rule';
import { SDC1000 } from './SDC1000';
import { SDC1001 } from './SDC1001';
import { SDC1002 } from './SDC1002';
import { SDC1003 } from './SDC1003';
import { SDC1004 } from './SDC1004';
import { SDC1005 } from './SDC1005';
import { SDC2001 } from './SDC2001';
import { SDC2002 } from './SDC2002';
import { SDC2003 } from './SDC2003';
import { SDC2004 } from './SDC2004';
import { SDC2005 } from './SDC2005';
import { SDC2006 } from './SDC2006';
import { SDC2007 } from './SDC2007';
import { SDC3001 } from './SDC3001';
import { SDC3002 } from './SDC3002';
import { SDC3003 } from './SDC3003';
import { SDC3004 } from './SDC3004';
import { SDC3005 } from './SDC3005';
import { SDC3006 } from './SDC3006';
import { SDC3007 } from './SDC3007';
import { SDC3008 } from './SDC3008';

export const composeRules: readonly ComposeRule[] = [
  SDC1000, SDC1001, SDC1002, SDC1003, SDC1004, SDC1005,
  SDC2001, SDC2002, SDC2003, SDC2004, SDC2005, SDC2006, SDC2007,
  SDC3001, SDC3002, SDC3003, SDC3004, SDC3005, SDC3006, SDC3007, SDC3008,
];
