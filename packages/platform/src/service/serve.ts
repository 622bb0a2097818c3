// The last line of every service's main.ts: start the app, then drain it on SIGTERM/SIGINT.
import type { Logger } from 'pino';
import { installShutdown, type ShutdownStep } from '../shutdown/index.js';

export interface Servable {
  readonly logger: Logger;
  readonly stopSteps: readonly ShutdownStep[];
}

export async function serve<C extends { readonly shutdownGraceMs: number }>(
  telemetry: { shutdown(): Promise<void> },
  config: C,
  start: (config: C) => Promise<Servable>,
): Promise<void> {
  const app = await start(config);
  installShutdown({
    logger: app.logger,
    graceMs: config.shutdownGraceMs,
    steps: [...app.stopSteps, { name: 'flush telemetry', run: () => telemetry.shutdown() }],
  });
}
