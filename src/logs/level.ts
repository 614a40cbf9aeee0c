// Level detection: JSON fields, logfmt level=, common ERROR/WARN/INFO/DEBUG forms; stderr a hint.
import type { LogLevel } from './types';
/** The level a line states, or null. */
export function detectLevel(message: string): LogLevel | null {
  void message;
  return null;
}
/** A level name or number as written (error, ERR, warning, 50, ...) to a LogLevel, or null. */
export function levelFromName(name: string | number): LogLevel | null {
  void name;
  return null;
}
