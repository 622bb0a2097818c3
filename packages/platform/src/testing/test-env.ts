/** What each integration-test variable must hold (see docs/conventions.md). */
const MEANING: Record<string, string> = {
  ORRERY_TEST_PG_URLS: 'comma-separated Postgres admin URLs, one per shard cluster, database "postgres"',
  ORRERY_TEST_REDIS_URL: 'a redis:// URL',
  ORRERY_TEST_KAFKA_BROKERS: 'comma-separated Kafka brokers as host:port',
  ORRERY_TEST_PROMETHEUS_URL: 'a Prometheus base URL',
};

/**
 * Returns an integration-test server variable, or throws naming it so the test fails (never skips)
 * when the test runner did not provide the server.
 */
export function requireTestEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') {
    const meaning = MEANING[name] ?? 'a value';
    throw new Error(
      `${name} is not set: this integration test needs ${meaning} (run it through scripts/test.mjs)`,
    );
  }
  return value.trim();
}

/** `requireTestEnv` split on commas. */
export function requireTestList(name: string): string[] {
  return requireTestEnv(name)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
