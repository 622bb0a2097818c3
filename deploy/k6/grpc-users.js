// gRPC straight at the users service, its methods found through server reflection (no .proto files
// loaded here). setup() creates accounts with CreateUser; each iteration reads its own account with
// GetUser (the `orrery-caller-id` metadata names the caller, as the gateway sends it), and a share of
// iterations checks access control (someone else's account: PERMISSION_DENIED; no caller:
// UNAUTHENTICATED) and AuthenticateUser (scrypt, so kept rare).
//   npm run load -- grpc-users                   (ORRERY_USERS_GRPC_ADDR, default localhost:50051)
// ORRERY_K6_RATE (iterations/s, default 20), ORRERY_K6_HOLD (default 1m), ORRERY_K6_USERS (default 5).
import { check, fail } from 'k6';
import grpc from 'k6/net/grpc';
import { envDuration, envNumber, testId, usersGrpcAddr } from './lib/config.js';
import { uniqueEmail } from './lib/users.js';

const SERVICE = 'orrery.users.v1.UsersService';
const CALLER = 'orrery-caller-id';
const PASSWORD = 'k6 correct horse battery';
const rate = envNumber('ORRERY_K6_RATE', 20);

export const options = {
  scenarios: {
    users: {
      executor: 'constant-arrival-rate',
      rate: Math.max(1, Math.round(rate * 60)),
      timeUnit: '1m',
      duration: envDuration('ORRERY_K6_HOLD', '1m'),
      preAllocatedVUs: Math.max(2, Math.ceil(rate / 10)),
      maxVUs: Math.max(10, Math.ceil(rate)),
    },
  },
  thresholds: {
    // reads are the hot path; CreateUser and AuthenticateUser hash with scrypt on purpose (slow)
    'grpc_req_duration{rpc:GetUser}': [
      `p(95)<${envNumber('ORRERY_K6_P95_MS', 200)}`,
      `p(99)<${envNumber('ORRERY_K6_P99_MS', 500)}`,
    ],
    'grpc_req_duration{rpc:AuthenticateUser}': [`p(95)<${envNumber('ORRERY_K6_SCRYPT_P95_MS', 1500)}`],
    checks: ['rate>=0.99'],
  },
  setupTimeout: '2m',
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
  tags: { testid: testId },
};

const client = new grpc.Client();
let connected = false;

function connect() {
  if (connected) return;
  client.connect(usersGrpcAddr, { plaintext: true, reflect: true, timeout: '10s' });
  connected = true;
}

function call(method, request, callerId) {
  const metadata = callerId === undefined ? {} : { [CALLER]: callerId };
  return client.invoke(`${SERVICE}/${method}`, request, { metadata, timeout: '5s', tags: { rpc: method } });
}

export function setup() {
  connect();
  const users = [];
  for (let i = 0; i < envNumber('ORRERY_K6_USERS', 5); i++) {
    const email = uniqueEmail('grpc');
    const created = call('CreateUser', { email, password: PASSWORD, displayName: 'k6 grpc' });
    if (check(created, { 'CreateUser is OK': (r) => r.status === grpc.StatusOK })) {
      users.push({ id: created.message.user.id, email });
    }
  }
  client.close();
  if (users.length < 2) fail(`setup created ${users.length} accounts over gRPC at ${usersGrpcAddr}; need 2`);
  return { users };
}

export default function ({ users }) {
  connect();
  const self = users[(__VU + __ITER) % users.length];
  const own = call('GetUser', { id: self.id }, self.id);
  check(own, {
    'GetUser of oneself is OK': (r) => r.status === grpc.StatusOK,
    'GetUser returns the account asked for': (r) => r.message?.user?.id === self.id,
    'no password hash in the answer': (r) => !JSON.stringify(r.message ?? {}).includes('scrypt'),
  });

  const roll = Math.random();
  if (roll < 0.1) {
    const other = users[(__VU + __ITER + 1) % users.length];
    const denied = call('GetUser', { id: other.id }, self.id);
    check(denied, {
      "someone else's account is PERMISSION_DENIED": (r) => r.status === grpc.StatusPermissionDenied,
    });
  } else if (roll < 0.15) {
    const anonymous = call('GetUser', { id: self.id });
    check(anonymous, { 'no caller is UNAUTHENTICATED': (r) => r.status === grpc.StatusUnauthenticated });
  } else if (roll < 0.18) {
    const authenticated = call('AuthenticateUser', { email: self.email, password: PASSWORD });
    check(authenticated, {
      'AuthenticateUser with the right password is OK': (r) =>
        r.status === grpc.StatusOK && r.message?.user?.id === self.id,
    });
  }
}
