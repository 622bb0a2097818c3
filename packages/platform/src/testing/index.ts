export { countRows } from './count-rows.js';
export { createTestDatabases, type TestDatabases } from './test-databases.js';
export { requireTestEnv, requireTestList } from './test-env.js';
