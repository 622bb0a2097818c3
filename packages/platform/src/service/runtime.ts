// What every orrery service process has: a logger, a metrics registry, the readiness registry behind
// /readyz, and a gRPC call observer that feeds the RED histogram. Built once in a service's app.ts.
import type { Logger } from 'pino';
import { Readiness } from '../admin/index.js';
import type { CallObserver } from '../grpc/index.js';
import { statusName } from '../grpc/index.js';
import { createLogger } from '../log/index.js';
import { createMetrics, type Metrics } from '../metrics/index.js';

export interface ServiceRuntime {
  readonly service: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly readiness: Readiness;
  /** Records every served RPC in `orrery_rpc_server_duration_seconds`. */
  readonly rpcObserver: CallObserver;
}

export interface RuntimeOptions {
  readonly service: string;
  readonly logLevel: string;
}

export function createRuntime(options: RuntimeOptions): ServiceRuntime {
  const logger = createLogger({ service: options.service, level: options.logLevel });
  const metrics = createMetrics({ service: options.service });
  const rpcObserver: CallObserver = {
    onCallEnd({ service, method, code, durationSeconds }) {
      metrics.rpcServerDuration.observe(
        { rpc_service: service, rpc_method: method, rpc_code: statusName(code) },
        durationSeconds,
      );
    },
  };
  return { service: options.service, logger, metrics, readiness: new Readiness(), rpcObserver };
}
