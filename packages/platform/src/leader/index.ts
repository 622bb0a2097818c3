export { leaderLockKey } from './lock-key.js';
export {
  createShardLeader,
  NotLeaderError,
  type ShardLeader,
  type ShardLeaderOptions,
} from './shard-leader.js';
