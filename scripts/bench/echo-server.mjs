// A bare grpc-js unary echo server (no orrery code): the ceiling the gateway path is compared with.
import grpc from '@grpc/grpc-js';

const server = new grpc.Server();
server.register(
  '/bench.Echo/Echo',
  (call, callback) => callback(null, call.request),
  (b) => b,
  (b) => b,
  'unary',
);
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  process.stdout.write(`${port}\n`);
});
