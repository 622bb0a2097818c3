// Entry point: telemetry first, then config (exits on bad config), then the app; SIGTERM drains it.
import { telemetry } from './instrument.js';

const { installShutdown } = await import('@orrery/platform/shutdown');
const { loadConfig } = await import('./config.js');
const { startUsers } = await import('./app.js');

const config = loadConfig();
const app = await startUsers(config);
installShutdown({
  logger: app.logger,
  graceMs: config.shutdownGraceMs,
  steps: [...app.stopSteps, { name: 'flush telemetry', run: () => telemetry.shutdown() }],
});
