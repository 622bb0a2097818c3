// The JSON body parser: strict UTF-8 (invalid bytes are a 400, not silently replaced), and malformed
// JSON a 400 with its own problem type. Size limits are Fastify's bodyLimit (413).
import type { FastifyInstance } from 'fastify';
import { HttpProblem, problem } from './problem.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function strictJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(
        new HttpProblem(problem('invalid-utf8', 'Invalid UTF-8', 400, 'the body is not valid UTF-8')),
        undefined,
      );
      return;
    }
    if (text.trim() === '') {
      done(new HttpProblem(problem('malformed-json', 'Malformed JSON', 400, 'the body is empty')), undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      const detail = error instanceof SyntaxError ? error.message : 'not JSON';
      done(new HttpProblem(problem('malformed-json', 'Malformed JSON', 400, detail)), undefined);
    }
  });
}
