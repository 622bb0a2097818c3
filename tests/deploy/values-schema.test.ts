// values.schema.json: bad values stop `helm template`/`helm install` with a message naming the value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { helmTemplate } from './chart.js';

/** [what is wrong, --set pairs, text the error must contain] */
const badValues: [string, string[], RegExp][] = [
  ['negative replicas', ['services.users.replicas=-1'], /replicas/],
  ['replicas of the wrong type', ['services.gateway.replicas=two'], /replicas/],
  ['an unknown profile', ['profile=huge'], /profile/],
  ['a misspelt key', ['servics.users.replicas=1'], /servics/],
  ['zero shards', ['postgres.shards=0'], /shards/],
  ['a port out of range', ['services.orders.grpcPort=70000'], /grpcPort/],
  ['a CPU request that is not a quantity', ['postgres.resources.requests.cpu=lots'], /cpu/],
  ['a card key that is not 32 bytes of base64', ['secrets.cardKeys=k1:short'], /cardKeys/],
  ['a Postgres password that breaks a URL', ['secrets.postgresPassword=a@b/c'], /postgresPassword/],
  ['an image without a valid reference', ['postgres.image=Not An Image'], /image/],
];

describe('values.schema.json', () => {
  it('accepts the defaults and explicit good values', async () => {
    const result = await helmTemplate(
      [],
      [
        'services.users.replicas=3',
        'profile=minimal',
        'secrets.cardKeys=k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
      ],
    );
    assert.equal(result.code, 0, result.stderr);
  });

  for (const [what, sets, mentions] of badValues) {
    it(`rejects ${what}`, async () => {
      const result = await helmTemplate([], sets);
      assert.notEqual(result.code, 0, `helm accepted ${sets.join(' ')}`);
      assert.match(result.stderr, /values don't meet the specifications of the schema/);
      assert.match(result.stderr, mentions);
    });
  }
});
