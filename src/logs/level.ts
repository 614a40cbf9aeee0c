// Level detection, in the order a line is most explicit about it: a JSON log's level field (pino's
// and bunyan's numbers too), logfmt's level=, then the common written forms ([ERROR], ERROR:,
// "2026-12-04 18:00:00 WARN ...", glog's E1204 prefix). A lower-case "error" in prose is not a
// level ("retrying after error" is usually info); a single letter alone is too loose except in
// glog's exact prefix. Stream hints (stderr) and multi-line entries are handled by LevelTracker.
import type { LogLevel, LogStream } from './types';

const NAMES: Record<string, LogLevel> = {
  emerg: 'error', emergency: 'error', alert: 'error', crit: 'error', critical: 'error', fatal: 'error', panic: 'error',
  error: 'error', err: 'error', severe: 'error', eror: 'error', dpanic: 'error',
  warn: 'warn', warning: 'warn', wrn: 'warn',
  info: 'info', information: 'info', informational: 'info', notice: 'info', inf: 'info',
  debug: 'debug', dbg: 'debug', trace: 'debug', verbose: 'debug', fine: 'debug', finer: 'debug', finest: 'debug', trc: 'debug',
};

/**
 * A level name (any case) or number as written to a LogLevel: pino/bunyan numbers (10..60), syslog
 * severities (0..7), .NET's Microsoft.Extensions.Logging names (Information, Critical).
 */
export function levelFromName(name: string | number): LogLevel | null {
  if (typeof name === 'number' || /^\d{1,3}$/.test(name)) {
    const n = Number(name);
    if (n >= 10) return n >= 50 ? 'error' : n >= 40 ? 'warn' : n >= 30 ? 'info' : 'debug'; // pino, bunyan
    if (n <= 7) return n <= 3 ? 'error' : n === 4 ? 'warn' : n <= 6 ? 'info' : 'debug'; // syslog
    return null;
  }
  return NAMES[name.toLowerCase()] ?? null;
}

// A JSON log's level: the first "level"-like key with a short string or small number value.
const JSON_LEVEL = /"(?:level|lvl|severity|log\.level|levelname|level_name|loglevel|log_level|@l|@level|severity_text)"\s*:\s*(?:"([A-Za-z]{1,16})"|(\d{1,3})\b)/i;
// ECS nests it: "log":{"level":"error"} is found by JSON_LEVEL's "level" already.
const LOGFMT_LEVEL = /(?:^|[\s,])(?:level|lvl|severity|loglevel)=("?)([A-Za-z]{1,16}|\d{1,3})\1(?=[\s,]|$)/i;
// Written forms, looked for in the first 160 characters: bracketed or angled words in any case,
// upper-case words, and "Error:"/"Warning:" at the start of the line.
const WORD = 'EMERG(?:ENCY)?|ALERT|CRIT(?:ICAL)?|FATAL|PANIC|SEVERE|ERROR|ERR|WARN(?:ING)?|INFO|NOTICE|DEBUG|TRACE|DBG|VERBOSE';
const BRACKETED = new RegExp(`[[<(|]\\s*(${WORD})\\s*[\\]>)|]`, 'i');
const UPPER = new RegExp(`(?:^|[\\s:;,|-])(${WORD})(?=[\\s:;,|\\]-]|$)`);
const LEADING = /^\s*(?:\d{4}[-/]\d\d[-/]\d\d[T ][\d:.,]+\S*\s+)?(error|warning|warn|fatal|panic|info|debug)\b\s*[:!-]/i;
const GLOG = /^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d+ /;
const ERROR_HEADS = /^(?:Traceback \(most recent call last\):|Exception in thread |Unhandled exception|panic: |fatal error: )/;
const GLOG_LEVELS: Record<string, LogLevel> = { I: 'info', W: 'warn', E: 'error', F: 'error' };

/** The level a line states, or null (stream hints are not applied here). */
export function detectLevel(message: string): LogLevel | null {
  const head = message.length > 160 ? message.slice(0, 160) : message;
  const first = head.trimStart().charCodeAt(0);
  if (first === 0x7b /* { */) {
    const match = JSON_LEVEL.exec(message.length > 4096 ? message.slice(0, 4096) : message);
    if (match) {
      const level = levelFromName(match[1] ?? match[2]);
      if (level) return level;
    }
  }
  if (head.includes('=')) {
    const match = LOGFMT_LEVEL.exec(message.length > 4096 ? message.slice(0, 4096) : message);
    if (match) {
      const level = levelFromName(match[2]);
      if (level) return level;
    }
  }
  const glog = GLOG.exec(head);
  if (glog) return GLOG_LEVELS[glog[1]];
  if (ERROR_HEADS.test(head)) return 'error';
  const written = BRACKETED.exec(head) ?? UPPER.exec(head) ?? LEADING.exec(head);
  return written ? levelFromName(written[1]) : null;
}

/** A line that continues the entry above it: indented, a stack frame, a "Caused by", a "... 3 more". */
const CONTINUATION = /^(?:[ \t]+\S|at |Caused by:|Suppressed:|\.\.\. \d+ (?:more|common frames omitted)|\}\s*$|\)\s*$|\]\s*$)/;
/** The last line of a Python traceback (not indented): "ValueError: bad value". */
const EXCEPTION_LINE = /^[\w.$]*(?:Error|Exception|Exit|Interrupt)(?::|$)/;

/**
 * The level of each line of one replica's stream in turn: its own words first; a continuation line
 * of a multi-line entry (stack frames, "Caused by:") takes its head line's level; when nothing says,
 * stderr lines are 'warn' (a hint: many programs log everything to stderr, so 'error' would be
 * wrong more often than right) and stdout lines have none.
 */
export class LevelTracker {
  private headLevel: LogLevel | null = null;
  private inEntry = false;

  next(message: string, stream: LogStream): { level: LogLevel | null; source: 'line' | 'head' | 'stream' | null } {
    if (this.inEntry && (CONTINUATION.test(message) || EXCEPTION_LINE.test(message))) {
      if (this.headLevel) return { level: this.headLevel, source: 'head' };
    }
    const own = detectLevel(message);
    if (own) {
      this.headLevel = own;
      this.inEntry = true;
      return { level: own, source: 'line' };
    }
    const hint = stream === 'stderr' ? 'warn' : null;
    // A line without a level still heads an entry (its frames get the hint, or nothing).
    this.headLevel = hint;
    this.inEntry = message.length > 0;
    return { level: hint, source: hint ? 'stream' : null };
  }
}
