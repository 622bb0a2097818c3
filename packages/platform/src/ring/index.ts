export { DEFAULT_VNODES, HashRing, type HashRingOptions } from './hash-ring.js';
export { hash64 } from './hash64.js';
