// Running orrery's own services locally (npm start, end-to-end tests), beside the infrastructure.
export { type ReplicaPorts, replicaSpecs, replicasTarget } from './replicas.js';
export {
  type RunningService,
  type ServiceName,
  type Services,
  type ServiceSpec,
  type ServicesOptions,
  startServices,
} from './run-services.js';
export {
  type DevSecrets,
  freeServicePorts,
  generateDevSecrets,
  type InfraEndpoints,
  LOCAL_SERVICE_PORTS,
  SERVICE_DATABASES,
  type ServicePorts,
  serviceScrapeJobs,
  serviceSpecs,
  withDatabase,
} from './service-env.js';
