export { ConfigError, type ConfigIssue } from './config-error.js';
export { type DeepReadonly, deepFreeze } from './deep-freeze.js';
export { FieldProblem, field, redactUrlSecrets } from './field.js';
export {
  brokers,
  durationMs,
  grpcTarget,
  httpUrl,
  LOG_LEVELS,
  type LogLevel,
  logLevel,
  MAX_SHARDS,
  pgUrls,
  port,
  positiveInt,
  redisUrl,
  secret,
} from './fields.js';
export { bootConfig, type Env, exitOnConfigError, loadConfig } from './load-config.js';
