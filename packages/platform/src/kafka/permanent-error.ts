/**
 * Thrown by a consumer's handler when a message can never succeed (it does not decode, it names
 * something that cannot exist): the resilient consumer dead-letters it at once instead of retrying.
 * Keep secrets and card data out of the message: it becomes the `orrery-dlq-reason` header.
 */
export class PermanentError extends Error {
  override readonly name: string = 'PermanentError';
}
