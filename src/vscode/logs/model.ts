// What the log view shows, kept on the extension's side: a mirror of the log engine's ring, the
// marker rows (a replica joined, restarted, stopped), and the filtered view as a list of row ids.
// New lines are filtered as they come (only them); a new filter rebuilds the view in one pass. The page
// asks for windows of rows. No `vscode` import, so the benchmark and unit tests run it in plain Node.
import {
  compileLogFilter,
  filterLines,
  type ContainerChange,
  type LogBatch,
  type LogFilter,
  type LogFilterSpec,
  type LogLevel,
  type LogLine,
} from '../../logs';
import {
  EMPTY_FILTER,
  MAX_ROW_TEXT,
  type LogViewStatus,
  type ViewLogFilter,
  type ViewLogRow,
} from '../../shared/protocol/logs';

interface Marker {
  /** Shown after the line with this seq (the newest when it happened). */
  afterSeq: number;
  time: number;
  service: string;
  replica: number;
  container: string;
  text: string;
}

/** A whole pass may take this long (a pattern that backtracks on every line); then it stops and says so. */
const PASS_BUDGET_MS = 500;
/** One line may take this long before it is skipped as not matching. */
const LINE_BUDGET_MS = 50;

const CHANGE_WORDS: Record<ContainerChange['kind'], string> = {
  joined: 'joined: its lines follow',
  restarted: 'restarted: its lines continue',
  stopped: 'stopped',
  removed: 'was removed',
};

/** The engine's filter spec for what the bar holds. */
export function filterSpec(filter: ViewLogFilter): LogFilterSpec {
  const levels = filter.levels.map((level) => (level === 'none' ? null : level));
  return {
    ...(filter.text ? (filter.regex ? { regex: filter.text } : { text: filter.text }) : {}),
    ...(filter.query.trim() ? { query: filter.query } : {}),
    ...(levels.length ? { levels } : {}),
    ...(filter.services.length ? { services: filter.services } : {}),
  };
}

export class LogViewModel {
  /** The ring's lines, oldest first; seqs are consecutive, so a line's index is seq - lines[0].seq. */
  private lines: LogLine[] = [];
  private markers = new Map<number, Marker>();
  private nextMarker = 1;
  /** The filtered view: a line's seq (>= 0), or a marker as -id. */
  private rows: number[] = [];
  private filter: LogFilter;
  private viewFilter: ViewLogFilter = EMPTY_FILTER;
  private filterError: LogViewStatus['filterError'];
  private filterNotice: string | undefined;
  private errorRows = 0;
  private shifted = 0;
  private generationCount = 0;
  private lastPassMs = 0;
  private pausedBatches: LogBatch[] = [];
  private pausedLines = 0;
  private isPaused = false;

  constructor(private readonly maxPending = 100_000) {
    const compiled = compileLogFilter({});
    if (!compiled.ok) throw new Error(compiled.error);
    this.filter = compiled.filter;
  }

  get total(): number {
    return this.rows.length;
  }

  get held(): number {
    return this.lines.length;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  get currentFilter(): ViewLogFilter {
    return this.viewFilter;
  }

  /** New lines from the engine (in merged order). While paused they wait, up to the ring's size. */
  ingest(batch: LogBatch): void {
    if (this.isPaused) {
      this.pausedBatches.push(batch);
      this.pausedLines += batch.lines.length;
      const oldest = (): number => this.pausedBatches[0]?.lines.length ?? 0;
      while (this.pausedLines - oldest() >= this.maxPending && this.pausedBatches.length > 1) {
        this.pausedLines -= this.pausedBatches.shift()?.lines.length ?? 0;
      }
      return;
    }
    this.apply(batch);
  }

  /** A replica joined, restarted, stopped or went: a marker row after the newest line. */
  addMarker(change: ContainerChange): void {
    const { container } = change;
    const marker: Marker = {
      afterSeq: this.lines.length ? this.lines[this.lines.length - 1].seq : -1,
      time: change.at,
      service: container.service,
      replica: container.replica,
      container: container.container,
      text: `── ${container.container} ${CHANGE_WORDS[change.kind]} ──`,
    };
    const id = this.nextMarker++;
    this.markers.set(id, marker);
    if (this.isPaused) return;
    if (this.viewFilter.services.length === 0 || this.viewFilter.services.includes(marker.service)) this.rows.push(-id);
  }

  setPaused(paused: boolean): void {
    if (paused === this.isPaused) return;
    this.isPaused = paused;
    if (paused) return;
    const batches = this.pausedBatches;
    this.pausedBatches = [];
    this.pausedLines = 0;
    for (const batch of batches) this.apply(batch);
    // Markers that came while paused are placed by their seq: rebuilding is simplest and rare.
    this.rebuild();
  }

  /** Apply the filter bar; returns false (and keeps the previous view) when a part does not compile. */
  setFilter(filter: ViewLogFilter): boolean {
    this.viewFilter = filter;
    const compiled = compileLogFilter(filterSpec(filter));
    if (!compiled.ok) {
      this.filterError = { part: filter.regex && compiled.part === 'regex' ? 'text' : compiled.part, message: compiled.error };
      return false;
    }
    this.filterError = undefined;
    this.filter = compiled.filter;
    this.rebuild();
    return true;
  }

  /** Rows [start, start + count) for the page; messages cut for display. */
  window(start: number, count: number): ViewLogRow[] {
    const end = Math.min(this.rows.length, start + count);
    const out: ViewLogRow[] = [];
    for (let index = start; index < end; index++) {
      const row = this.row(index);
      if (row) out.push(row);
    }
    return out;
  }

  /** The next (or previous) error row after (before) `from`; null when there is none. */
  jump(from: number, direction: 'next' | 'previous'): number | null {
    const step = direction === 'next' ? 1 : -1;
    for (let index = from + step; index >= 0 && index < this.rows.length; index += step) {
      const id = this.rows[index];
      if (id >= 0 && this.lineOf(id)?.level === 'error') return index;
    }
    return null;
  }

  /** The line a row shows (undefined for a marker). */
  lineAt(index: number): LogLine | undefined {
    const id = this.rows[index];
    return id === undefined || id < 0 ? undefined : this.lineOf(id);
  }

  /** Rows [start, end) as text, one line each: time, container, stream, level, message (whole). */
  text(start = 0, end = this.rows.length): string {
    const out: string[] = [];
    for (let index = Math.max(0, start); index < Math.min(end, this.rows.length); index++) {
      const id = this.rows[index];
      if (id < 0) {
        const marker = this.markers.get(-id);
        if (marker) out.push(`${new Date(marker.time).toISOString()} ${marker.text}`);
        continue;
      }
      const line = this.lineOf(id);
      if (!line) continue;
      const level = line.level ? line.level.toUpperCase().padEnd(5) : '-    ';
      out.push(`${line.timeText || new Date(line.time).toISOString()} ${line.container} ${line.stream} ${level} ${line.message}`);
    }
    return out.length ? `${out.join('\n')}\n` : '';
  }

  /** The status for the page; resets the shift it reports. */
  status(connection: string): LogViewStatus {
    const shift = this.shifted;
    this.shifted = 0;
    return {
      total: this.rows.length,
      held: this.lines.length,
      errors: this.errorRows,
      shift,
      generation: this.generationCount,
      paused: this.isPaused,
      pending: this.pausedLines,
      filterMs: Math.round(this.lastPassMs * 10) / 10,
      connection,
      ...(this.filterError ? { filterError: this.filterError } : {}),
      ...(this.filterNotice ? { filterNotice: this.filterNotice } : {}),
    };
  }

  get generation(): number {
    return this.generationCount;
  }

  /** How long the last full pass took (ms). */
  get passMs(): number {
    return this.lastPassMs;
  }

  private markerShown(marker: Marker): boolean {
    return this.viewFilter.services.length === 0 || this.viewFilter.services.includes(marker.service);
  }

  private lineOf(seq: number): LogLine | undefined {
    const first = this.lines[0];
    if (!first) return undefined;
    const line = this.lines[seq - first.seq];
    return line?.seq === seq ? line : undefined;
  }

  private row(index: number): ViewLogRow | undefined {
    const id = this.rows[index];
    if (id === undefined) return undefined;
    if (id < 0) {
      const marker = this.markers.get(-id);
      if (!marker) return undefined;
      return {
        index, kind: 'marker', time: marker.time, service: marker.service, replica: marker.replica,
        container: marker.container, stream: 'stdout', level: null, levelHint: false, message: marker.text,
      };
    }
    const line = this.lineOf(id);
    if (!line) return undefined;
    return {
      index,
      kind: 'line',
      time: line.time,
      service: line.service,
      replica: line.replica,
      container: line.container,
      stream: line.stream,
      level: line.level,
      levelHint: line.levelSource === 'stream',
      message: line.message.length > MAX_ROW_TEXT ? `${line.message.slice(0, MAX_ROW_TEXT - 1)}…` : line.message,
    };
  }

  private apply(batch: LogBatch): void {
    for (const line of batch.lines) this.lines.push(line);
    this.trim(batch.firstSeq);
    // The batch's lines are the newest of the mirror (unless the ring already dropped some of them).
    this.filterInto(this.lines.length - Math.min(batch.lines.length, this.lines.length), false);
  }

  /** Drop lines (and markers, and rows) older than the ring's oldest. */
  private trim(firstSeq: number): void {
    const first = this.lines[0];
    if (!first || first.seq >= firstSeq) return;
    const drop = Math.min(this.lines.length, firstSeq - first.seq);
    this.lines.splice(0, drop);
    let cut = 0;
    while (cut < this.rows.length) {
      const id = this.rows[cut];
      if (id >= 0 ? id >= firstSeq : (this.markers.get(-id)?.afterSeq ?? -1) >= firstSeq - 1) break;
      if (id >= 0 && this.lineIsErrorBySeq(id)) this.errorRows--;
      cut++;
    }
    if (cut) {
      this.rows.splice(0, cut);
      this.shifted += cut;
    }
    for (const [id, marker] of this.markers) {
      if (marker.afterSeq < firstSeq - 1) this.markers.delete(id);
    }
  }

  /** Errors among rows being trimmed: their lines are already gone, so they were counted at filter time. */
  private readonly errorSeqs = new Set<number>();
  private lineIsErrorBySeq(seq: number): boolean {
    return this.errorSeqs.delete(seq);
  }

  /** Rebuild the view from every held line (a new filter, or resuming). */
  private rebuild(): void {
    this.rows = [];
    this.errorRows = 0;
    this.errorSeqs.clear();
    this.shifted = 0;
    this.generationCount++;
    this.filterInto(0, true);
  }

  /** Filter lines from index `offset` on and append their rows (with the markers between them). */
  private filterInto(offset: number, full: boolean): void {
    const started = performance.now();
    const lines = this.lines;
    // New lines go after the markers already in the view; a rebuild places every marker by its seq.
    const markers = full
      ? [...this.markers.entries()]
        .filter(([, marker]) => this.markerShown(marker))
        .sort((a, b) => a[1].afterSeq - b[1].afterSeq || a[0] - b[0])
      : [];
    let markerAt = 0;
    const pushMarkersBefore = (seq: number): void => {
      while (markerAt < markers.length && markers[markerAt][1].afterSeq < seq) this.rows.push(-markers[markerAt++][0]);
    };
    let skipped = 0;
    let timedOut = false;
    let from = offset;
    while (from < lines.length) {
      const elapsed = performance.now() - started;
      if (elapsed > PASS_BUDGET_MS) {
        timedOut = true;
        break;
      }
      const budgetMs = Math.min(LINE_BUDGET_MS, PASS_BUDGET_MS - elapsed + 1);
      const result = filterLines(lines, this.filter, { from, budgetMs });
      for (const index of result.indices) {
        const line = lines[index];
        if (full) pushMarkersBefore(line.seq);
        this.rows.push(line.seq);
        if (line.level === 'error') {
          this.errorRows++;
          this.errorSeqs.add(line.seq);
        }
      }
      if (!result.timedOut) break;
      skipped++;
      from = result.scanned + 1;
    }
    if (full) while (markerAt < markers.length) this.rows.push(-markers[markerAt++][0]);
    const elapsed = performance.now() - started;
    if (full) {
      this.lastPassMs = elapsed;
      this.filterNotice = undefined;
    }
    if (timedOut || skipped) {
      const words = timedOut
        ? `The pattern took too long: stopped after ${PASS_BUDGET_MS} ms; lines after ${from - offset} of ${lines.length - offset} were not checked.`
        : `The pattern took too long on ${skipped} line${skipped === 1 ? '' : 's'}; ${skipped === 1 ? 'it was' : 'they were'} skipped.`;
      this.filterNotice = words;
    }
  }
}

export type { LogLevel };
