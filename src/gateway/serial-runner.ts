import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** Over this share of busy time, the event loop has no idle time for turns to give back. */
const BUSY_SHARE = 0.5;
const SAMPLE_EVERY_MS = 250;

/**
 * Runs short CPU-bound jobs one at a time, in the order they came, while the event loop has time to spare. Ten
 * interleaved 2 ms jobs all end after ~20 ms, ten in a row end after 2, 4, … 20 ms, and the jobs that come next no
 * longer arrive together: when the worker mostly waits for Chorus Pro, every invoice gets through sooner. When the
 * loop is busy most of the time, a job's file I/O waits would leave it idle, so jobs then interleave.
 */
export class SerialRunner {
  private running = false;
  private readonly waiting: (() => void)[] = [];
  private busy = false;
  private sampledAt = performance.now();
  private sample: EventLoopUtilization = performance.eventLoopUtilization();

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.loopIsBusy()) return job();
    if (this.running) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running = true;
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running = false;
    }
  }

  private loopIsBusy(): boolean {
    const now = performance.now();
    if (now - this.sampledAt >= SAMPLE_EVERY_MS) {
      const sample = performance.eventLoopUtilization();
      this.busy = performance.eventLoopUtilization(sample, this.sample).utilization > BUSY_SHARE;
      this.sample = sample;
      this.sampledAt = now;
    }
    return this.busy;
  }
}
