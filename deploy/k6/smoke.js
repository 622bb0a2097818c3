// k6 smoke test: one virtual user checks that the gateway is up and answers end to end.
//   k6 run deploy/k6/smoke.js            (ORRERY_BASE_URL defaults to http://localhost:8080)
// Fails (non-zero exit) when any check fails. The full load suite lives in later scripts.
import { check, sleep } from 'k6';
import http from 'k6/http';
import { baseUrl, requestTimeout } from './lib/config.js';

export const options = {
  vus: 1,
  iterations: 5,
  thresholds: {
    checks: ['rate==1'],
    http_req_failed: ['rate==0'],
  },
};

export default function smoke() {
  const params = { timeout: requestTimeout };
  const openapi = http.get(`${baseUrl}/openapi.json`, params);
  check(openapi, {
    'openapi.json is 200': (r) => r.status === 200,
    'openapi.json is an OpenAPI 3 document': (r) => String(r.json('openapi') || '').startsWith('3.'),
  });

  const products = http.get(`${baseUrl}/v1/products`, params);
  check(products, { 'products list is 200': (r) => r.status === 200 });
  sleep(1);
}
