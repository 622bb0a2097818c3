export { appendToOutbox, type OutboxEvent } from './append.js';
export { newEventMeta, type OutboxEventTarget, outboxEvent } from './event-meta.js';
export { OUTBOX_MIGRATIONS } from './migrations.js';
export { markProcessed } from './processed.js';
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './relay.js';
export { type EventPublishing, type EventPublishingOptions, startEventPublishing } from './publishing.js';
