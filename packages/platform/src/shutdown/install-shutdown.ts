import type { Logger } from 'pino';

/** One ordered stop step, e.g. "mark not ready", "drain gRPC", "commit offsets", "close pools". */
export interface ShutdownStep {
  readonly name: string;
  readonly run: () => Promise<void> | void;
}

/** Options for `installShutdown`. */
export interface ShutdownOptions {
  readonly logger: Logger;
  /** Overall deadline for all steps; after it the process exits 1. */
  readonly graceMs: number;
  readonly steps: readonly ShutdownStep[];
  /** Signals to handle (default SIGTERM and SIGINT). */
  readonly signals?: readonly NodeJS.Signals[];
  /** Injected for tests; default `process.exit`. */
  readonly exit?: (code: number) => void;
}

/** Handle returned by `installShutdown`. */
export interface Shutdown {
  /** Runs the shutdown as if a signal arrived; resolves with the exit code passed to `exit`. */
  trigger(reason: string): Promise<number>;
  /** Removes the signal handlers (tests). */
  uninstall(): void;
}

/**
 * On the first SIGTERM/SIGINT runs `steps` in order, each awaited, under an overall `graceMs` deadline,
 * then exits: 0 when every step finished in time, 1 when a step failed or the deadline passed.
 * A second signal exits 1 at once.
 */
export function installShutdown(options: ShutdownOptions): Shutdown {
  const { logger, graceMs, steps } = options;
  if (!Number.isInteger(graceMs) || graceMs < 0)
    throw new RangeError(`graceMs must be an integer ≥ 0, got ${graceMs}`);
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let running: Promise<number> | undefined;

  const finish = (code: number): number => {
    exit(code);
    return code;
  };

  const trigger = (reason: string): Promise<number> => {
    if (running !== undefined) return running;
    const started = Date.now();
    logger.info({ reason, graceMs }, 'shutting down');
    let current = '(none)';
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        logger.error({ step: current, graceMs }, 'shutdown deadline passed; exiting');
        resolve(1);
      }, graceMs);
    });
    const work = (async () => {
      let code = 0;
      for (const step of steps) {
        current = step.name;
        const stepStarted = Date.now();
        try {
          await step.run();
          logger.info({ step: step.name, durationMs: Date.now() - stepStarted }, 'shutdown step done');
        } catch (error) {
          code = 1;
          logger.error({ step: step.name, err: error }, 'shutdown step failed');
        }
      }
      logger.info({ durationMs: Date.now() - started, code }, 'shutdown complete');
      return code;
    })();
    running = Promise.race([work, deadline]).then((code) => {
      clearTimeout(timer);
      return finish(code);
    });
    return running;
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (running !== undefined) {
      logger.warn({ signal }, 'second signal; exiting now');
      finish(1);
      return;
    }
    void trigger(signal);
  };
  for (const signal of signals) process.on(signal, onSignal);

  return {
    trigger,
    uninstall() {
      for (const signal of signals) process.off(signal, onSignal);
    },
  };
}
