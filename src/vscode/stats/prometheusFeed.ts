// The Container stats view's Prometheus source over time: polls the current snapshot once per scrape
// interval while the view is visible, loads the chosen range's history (again after a recovery),
// and turns failures into one state the view shows, retrying by itself with a growing delay.
// Pure (no `vscode`): the unit tests drive it with a scripted reader.

/** The ranges of the view's picker. */
export type FeedRange = '15m' | '1h' | '6h' | '24h';

/** What the feed needs from the Prometheus engine (src/stats/prometheus), one scope (project or namespace). */
export interface PrometheusReader<Snapshot, History> {
  /** The current values; `range` asks for the peaks over it too. */
  snapshot(range: FeedRange): Promise<Snapshot>;
  history(range: FeedRange): Promise<History>;
  dispose(): void;
}

export interface FeedTiming {
  /** The scrape interval the server reports, seconds (polls follow it). */
  scrapeIntervalSeconds?: number;
}

export interface FeedEvents<Snapshot, History> {
  snapshot(snapshot: Snapshot): void;
  history(history: History, range: FeedRange): void;
  /** A failure; the feed retries by itself in `retryInMs`. */
  failed(error: unknown, retryInMs: number): void;
  /** The first success after a failure. */
  recovered(): void;
}

export interface FeedOptions {
  range: FeedRange;
  /** Bounds of the poll period (the scrape interval is used between them). */
  minPollMs?: number;
  maxPollMs?: number;
  /** Retry delays after failures: doubling from min to max. */
  retryMinMs?: number;
  retryMaxMs?: number;
  /** A request that takes longer than this fails as a timeout even if the reader never settles. */
  hardTimeoutMs: number;
}

export class FeedTimeout extends Error {
  constructor(readonly ms: number) {
    super(`No answer within ${Math.round(ms / 100) / 10} s.`);
    this.name = 'FeedTimeout';
  }
}

export class PrometheusFeed<Snapshot extends FeedTiming, History> {
  private range: FeedRange;
  private visible = true;
  private disposed = false;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private failing = false;
  private retryMs: number;
  private historyDue = true;
  /** Bumped on every range change: answers for an older range are dropped. */
  private generation = 0;
  private pollMs: number;
  private readonly minPollMs: number;
  private readonly maxPollMs: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;

  constructor(
    private readonly reader: PrometheusReader<Snapshot, History>,
    private readonly events: FeedEvents<Snapshot, History>,
    private readonly options: FeedOptions,
  ) {
    this.range = options.range;
    this.minPollMs = options.minPollMs ?? 2000;
    this.maxPollMs = options.maxPollMs ?? 30_000;
    this.retryMinMs = options.retryMinMs ?? 1000;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.retryMs = this.retryMinMs;
    this.pollMs = Math.max(this.minPollMs, 5000);
  }

  get currentRange(): FeedRange {
    return this.range;
  }

  get isFailing(): boolean {
    return this.failing;
  }

  start(): void {
    this.schedule(0);
  }

  /** The view shows or hides: polls stop while nobody looks. */
  setVisible(visible: boolean): void {
    if (this.visible === visible) return;
    this.visible = visible;
    if (visible) this.schedule(0);
    else clearTimeout(this.timer);
  }

  /** The range picker: load that range's history now (and peaks with the next snapshot). */
  setRange(range: FeedRange): void {
    if (range === this.range) return;
    this.range = range;
    this.generation++;
    this.historyDue = true;
    this.schedule(0);
  }

  /** Retry now (the banner's button, or a changed secret). */
  retryNow(): void {
    this.retryMs = this.retryMinMs;
    this.historyDue = true;
    this.schedule(0);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.reader.dispose();
  }

  private schedule(ms: number): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    if (!this.visible) return;
    // A round in flight schedules the next one itself when it ends.
    if (this.running) {
      if (ms === 0) this.rerun = true;
      return;
    }
    this.timer = setTimeout(() => void this.round(), ms);
    this.timer.unref?.();
  }

  private rerun = false;

  private async round(): Promise<void> {
    if (this.disposed || !this.visible) return;
    this.running = true;
    this.rerun = false;
    const generation = this.generation;
    const range = this.range;
    let next: number;
    try {
      const snapshot = await this.bounded(this.reader.snapshot(range));
      if (this.disposed) return;
      if (generation === this.generation) this.events.snapshot(snapshot);
      if (snapshot.scrapeIntervalSeconds && snapshot.scrapeIntervalSeconds > 0) {
        this.pollMs = Math.min(this.maxPollMs, Math.max(this.minPollMs, snapshot.scrapeIntervalSeconds * 1000));
      }
      if (this.historyDue || this.failing) {
        const history = await this.bounded(this.reader.history(range));
        if (this.disposed) return;
        if (generation === this.generation) {
          this.historyDue = false;
          this.events.history(history, range);
        }
      }
      if (this.failing) {
        this.failing = false;
        this.events.recovered();
      }
      this.retryMs = this.retryMinMs;
      next = this.pollMs;
    } catch (error) {
      if (this.disposed) return;
      this.failing = true;
      this.historyDue = true;
      next = this.retryMs;
      this.retryMs = Math.min(this.retryMaxMs, this.retryMs * 2);
      this.events.failed(error, next);
    } finally {
      this.running = false;
    }
    this.schedule(this.rerun || generation !== this.generation ? 0 : next);
  }

  /** Nothing hangs: a reader that never settles fails after hardTimeoutMs. */
  private bounded<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new FeedTimeout(this.options.hardTimeoutMs)), this.options.hardTimeoutMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}
