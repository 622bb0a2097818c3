import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Status } from '@orrery/platform/grpc';
import { problemForGrpcStatus } from './problem.js';

test('client errors keep the upstream message; server-side ones hide it', () => {
  assert.deepEqual(problemForGrpcStatus(Status.INVALID_ARGUMENT, 'email: not an email address'), {
    type: '/problems/invalid-argument',
    title: 'Invalid request',
    status: 400,
    detail: 'email: not an email address',
  });
  const unavailable = problemForGrpcStatus(Status.UNAVAILABLE, 'connect ECONNREFUSED 127.0.0.1:50051');
  assert.equal(unavailable.status, 503);
  assert.equal(unavailable.detail, undefined);
});

test('every gRPC code maps to a 4xx/5xx, unknown ones to 500 without detail', () => {
  const table: [Status, number][] = [
    [Status.NOT_FOUND, 404],
    [Status.ALREADY_EXISTS, 409],
    [Status.PERMISSION_DENIED, 403],
    [Status.UNAUTHENTICATED, 401],
    [Status.RESOURCE_EXHAUSTED, 429],
    [Status.DEADLINE_EXCEEDED, 504],
    [Status.INTERNAL, 500],
    [Status.UNKNOWN, 500],
    [Status.DATA_LOSS, 500],
  ];
  for (const [code, http] of table) assert.equal(problemForGrpcStatus(code, 'secret detail').status, http);
  assert.equal(problemForGrpcStatus(Status.INTERNAL, 'pg: relation users does not exist').detail, undefined);
});
