// Decides when the edge sandbox is dead: while runs are pending it is pinged, and a sandbox that leaves a ping
// unanswered too long (its renderer died, e.g. a JavaScript heap out of memory in one of its workers) is declared
// dead, once.

export interface LivenessOptions {
  /** How often to ping while runs are pending. */
  intervalMs: number;
  /** A ping unanswered this long → dead. */
  timeoutMs: number;
}

/**
 * Pongs come from the sandbox's main thread, which never runs user code, so a worker in a busy loop does not delay
 * them. Measured in Chromium 156 on a 2-core machine under load (load average 7–11): median round trip 0.1 ms;
 * at most 14–248 ms while a worker loops (test/e2e/edge-runtime.test.ts, L03), at most 25 ms while a worker churns
 * through 2 GB of arrays. So 3 s of silence is a dead process, not a busy one; a heap out of memory is noticed about
 * 3.5–4 s after the run starts (L05).
 */
export const DEFAULT_LIVENESS: LivenessOptions = { intervalMs: 500, timeoutMs: 3_000 };

export interface Clock {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export class LivenessMonitor {
  #options: LivenessOptions;
  #clock: Clock;
  #ping: (n: number) => void;
  #onDead: () => void;
  #timer: unknown = null;
  /** Runs are pending. The timer outlives this by a tick at most: runs one after another set it up once, not each. */
  #watching = false;
  #n = 0;
  /** When the oldest unanswered ping was sent; null when every ping was answered. */
  #outstandingSince: number | null = null;
  #lastTick = 0;
  #lastPong = -Infinity;
  #dead = false;

  constructor(ping: (n: number) => void, onDead: () => void, options: LivenessOptions = DEFAULT_LIVENESS, clock: Clock = realClock) {
    this.#ping = ping;
    this.#onDead = onDead;
    this.#options = options;
    this.#clock = clock;
  }

  get watching(): boolean {
    return this.#watching;
  }

  get dead(): boolean {
    return this.#dead;
  }

  /**
   * Runs are pending: start pinging, at once unless the sandbox answered within the last interval (runs one after
   * another would otherwise each cost a ping across the process boundary; the first tick pings anyway).
   */
  watch(): void {
    if (this.#watching || this.#dead) return;
    this.#watching = true;
    // Idle for less than a tick: the timer still runs, and its next tick pings.
    if (this.#timer !== null) return;
    this.#lastTick = this.#clock.now();
    this.#timer = this.#clock.setInterval(() => this.#tick(), this.#options.intervalMs);
    if (this.#lastTick - this.#lastPong > this.#options.intervalMs) this.#send();
  }

  /** No runs pending: stop pinging (the timer goes at its next tick unless a run comes first). */
  idle(): void {
    this.#watching = false;
    this.#outstandingSince = null;
  }

  #stop(): void {
    this.#watching = false;
    if (this.#timer !== null) this.#clock.clearInterval(this.#timer);
    this.#timer = null;
    this.#outstandingSince = null;
  }

  pong(): void {
    this.#outstandingSince = null;
    this.#lastPong = this.#clock.now();
  }

  #send(): void {
    this.#outstandingSince ??= this.#clock.now();
    this.#ping(++this.#n);
  }

  #tick(): void {
    if (!this.#watching) return this.#stop();
    const now = this.#clock.now();
    const gap = now - this.#lastTick;
    this.#lastTick = now;
    // A late tick means this page was stalled or throttled (a background tab): a pong may be waiting in its queue
    // behind this timer, so the silence is not the sandbox's fault. Start counting again.
    if (gap > 2 * this.#options.intervalMs) this.#outstandingSince = null;
    if (this.#outstandingSince !== null && now - this.#outstandingSince >= this.#options.timeoutMs) {
      this.#dead = true;
      this.#stop();
      this.#onDead();
      return;
    }
    this.#send();
  }
}
