// Every extension-test module, registered in one list (the bundle has no file-system glob).
import analyze from './analyze.test';
import dockerfile from './dockerfile.test';
import foundation from './foundation.test';
import stats from './stats.test';

export const suites: Array<() => void> = [foundation, dockerfile, analyze, stats];
