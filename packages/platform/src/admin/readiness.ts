import { redactUrlSecrets } from '../config/field.js';

/** Result of one readiness check. */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly durationMs: number;
}

/** Result of a readiness round. */
export interface ReadinessReport {
  readonly ready: boolean;
  readonly status: 'ready' | 'not_ready' | 'shutting_down';
  readonly checks: readonly CheckResult[];
}

/** A dependency probe; it should honour `signal` but a timeout applies either way. */
export type Check = (signal: AbortSignal) => Promise<void>;

interface Registered {
  readonly name: string;
  readonly check: Check;
  readonly timeoutMs: number;
}

/**
 * The readiness registry behind `/readyz`: named dependency checks, each run in parallel with its own
 * timeout, plus a shutting-down flag that makes the service not ready at once.
 */
export class Readiness {
  #checks: Registered[] = [];
  #shuttingDown = false;

  /** Registers a check; names must be unique. `timeoutMs` defaults to 2000. */
  add(name: string, check: Check, options: { timeoutMs?: number } = {}): this {
    if (this.#checks.some((known) => known.name === name))
      throw new Error(`readiness check "${name}" exists`);
    const timeoutMs = options.timeoutMs ?? 2000;
    if (!(timeoutMs > 0)) throw new RangeError(`readiness check "${name}": timeoutMs must be > 0`);
    this.#checks.push({ name, check, timeoutMs });
    return this;
  }

  /** From now on the service reports not ready (and `/healthz` 503), without running checks. */
  markShuttingDown(): void {
    this.#shuttingDown = true;
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Runs every check in parallel, each bounded by its timeout. */
  async run(): Promise<ReadinessReport> {
    if (this.#shuttingDown) return { ready: false, status: 'shutting_down', checks: [] };
    const checks = await Promise.all(this.#checks.map(runOne));
    const ready = checks.every((check) => check.ok);
    return { ready, status: ready ? 'ready' : 'not_ready', checks };
  }
}

async function runOne({ name, check, timeoutMs }: Registered): Promise<CheckResult> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`timed out after ${timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    await Promise.race([check(controller.signal), timeout]);
    return { name, ok: true, durationMs: elapsed(started) };
  } catch (error) {
    const message = redactUrlSecrets(error instanceof Error ? error.message : String(error));
    return { name, ok: false, error: message, durationMs: elapsed(started) };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
