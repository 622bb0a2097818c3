export type { Infra, InfraOptions, InfraPorts, PostgresShard, ScrapeJob } from './types.js';
export { LOCAL_PORTS, TEST_PORTS, freePorts, isPortFree } from './ports.js';
export { startInfra } from './start-infra.js';
export { stopLeftovers } from './leftovers.js';
export { readManifest, type Manifest } from './manifest.js';
export { defaultRuleFiles, reloadPrometheus } from './prometheus/prometheus.js';
export { chartRuleFiles, prometheusYml } from './prometheus/prometheus-config.js';
