export { type AdminServer, type AdminServerOptions, startAdminServer } from './admin-server.js';
export { type Check, type CheckResult, Readiness, type ReadinessReport } from './readiness.js';
