// Does reading a user stay as fast with 1M users as with 10k? Users are written straight into the
// users shards (each on the shard the ring names, as the service would place them), then an admin
// reads users it has never read before — every read misses the cache and is a primary-key lookup on
// the user's shard through the whole path — once at 10k users and once at 1M.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { httpJson, httpLoad } from './load.mjs';

const BATCH = 10_000;
// a valid-looking scrypt hash that no password matches: seeded users are read, never logged in
const PASSWORD_HASH = `scrypt$${'0'.repeat(32)}$${'0'.repeat(128)}`;

/** Inserts `count` users into the users shard set, each on the shard its id belongs to; returns their ids. */
async function seedUsers(shards, count, log) {
  const ids = [];
  for (let done = 0; done < count; done += BATCH) {
    const perShard = shards.all().map(() => ({ ids: [], emails: [] }));
    for (let i = 0; i < Math.min(BATCH, count - done); i++) {
      const id = randomUUID();
      ids.push(id);
      const rows = perShard[shards.shardForKey(id)];
      rows.ids.push(id);
      rows.emails.push(`seed-${id}@example.test`);
    }
    await Promise.all(
      shards.all().map((shard) =>
        shard.query(
          `INSERT INTO users (id, email, display_name, password_hash)
           SELECT id, email, 'seeded user', $3 FROM unnest($1::uuid[], $2::text[]) AS t(id, email)`,
          [perShard[shard.shard].ids, perShard[shard.shard].emails, PASSWORD_HASH],
        ),
      ),
    );
    if ((done / BATCH) % 20 === 19) log(`  ${done + BATCH} users written`);
  }
  await Promise.all(shards.all().map((shard) => shard.query('VACUUM ANALYZE users')));
  return ids;
}

/** Cold reads: each request reads a user not read before (a cache miss, then a primary-key lookup). */
function coldReads(baseUrl, adminHeaders, ids, load) {
  let next = 0;
  return httpLoad((agent) => {
    const id = ids[next++ % ids.length];
    return httpJson(agent, `${baseUrl}/v1/users/${id}`, { headers: adminHeaders, raw: true });
  }, load);
}

function shuffled(ids) {
  const copy = [...ids];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** GET user p50/p99 at 10k users and at `large` users (default 1M). */
export async function usersAtScale(platform, load, { large = 1_000_000, log = () => {} } = {}) {
  const agent = new http.Agent({ keepAlive: false });
  const login = await httpJson(agent, `${platform.baseUrl}/v1/auth/login`, {
    method: 'POST',
    body: { email: platform.secrets.adminEmail, password: platform.secrets.adminPassword },
  });
  const headers = { authorization: `Bearer ${login.accessToken}` };
  const small = await seedUsers(platform.users, 10_000, log);
  const atSmall = await coldReads(platform.baseUrl, headers, shuffled(small), load);
  log(`  seeding up to ${large} users`);
  const more = await seedUsers(platform.users, large - small.length, log);
  // read only users of the large population not read before (the first 10k may be cached now)
  const atLarge = await coldReads(platform.baseUrl, headers, shuffled(more), load);
  return { small: { users: small.length, ...atSmall }, large: { users: large, ...atLarge } };
}
