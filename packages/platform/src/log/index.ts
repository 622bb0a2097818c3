export { createLogger, type Logger, type LoggerConfig, traceFields } from './create-logger.js';
export { REDACTED, redactPaths, SECRET_KEYS } from './redaction.js';
