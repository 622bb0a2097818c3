// Entry point: telemetry first, so instrumented modules load after it; then config (exits on bad
// config) and the app, drained on SIGTERM.
import { telemetry } from './instrument.js';

const { serve } = await import('@orrery/platform/service');
const { loadConfig } = await import('./config.js');
const { startGateway } = await import('./app.js');

await serve(telemetry, loadConfig(), startGateway);
