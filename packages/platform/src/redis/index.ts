export { createRedis, type RedisClient, type RedisOptions } from './create-redis.js';
