export {
  installShutdown,
  type Shutdown,
  type ShutdownOptions,
  type ShutdownStep,
} from './install-shutdown.js';
