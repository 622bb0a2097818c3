// Access tokens: short-lived JWTs signed with HS256 under the configured secret (jose). Verification
// pins the algorithm, issuer and audience, so `alg: none`, other algorithms, foreign tokens and expired
// ones are all refused; each refusal has a reason the metrics count. A token that verified once is
// remembered until it expires (bounded), so the signature is checked once per token, not per request.
import { createSecretKey, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

const ISSUER = 'orrery-gateway';
const AUDIENCE = 'orrery-api';
const ALGORITHM = 'HS256';

export type Role = 'USER' | 'ADMIN';

export interface AccessClaims {
  readonly userId: string;
  readonly role: Role;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
}

export type TokenRejection = 'malformed' | 'expired' | 'bad_signature' | 'alg_not_allowed' | 'bad_claims';

export class TokenRejected extends Error {
  override readonly name = 'TokenRejected';
  constructor(readonly reason: TokenRejection) {
    super(`access token rejected: ${reason}`);
  }
}

export interface Tokens {
  issue(claims: AccessClaims): Promise<IssuedToken>;
  /** The claims of a valid token; throws TokenRejected otherwise. */
  verify(token: string): Promise<AccessClaims>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function reasonOf(error: unknown): TokenRejection {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'alg_not_allowed';
  if (error instanceof errors.JWTClaimValidationFailed) return 'bad_claims';
  return 'malformed';
}

/** How many verified tokens are remembered; the oldest is forgotten first. */
const VERIFIED_TOKENS_REMEMBERED = 10_000;

/**
 * Tokens that passed verification, with their claims and expiry. The key is the whole token string,
 * signature included, so only the exact bytes that verified are accepted again.
 */
export function verifiedTokens(capacity: number) {
  const entries = new Map<string, { claims: AccessClaims; expiresAtSeconds: number }>();
  return {
    get(token: string): AccessClaims | undefined {
      const entry = entries.get(token);
      if (entry === undefined) return undefined;
      // jose's rule: a token is expired once now >= exp (no clock tolerance)
      if (Math.floor(Date.now() / 1000) >= entry.expiresAtSeconds) {
        entries.delete(token);
        throw new TokenRejected('expired');
      }
      return entry.claims;
    },
    remember(token: string, claims: AccessClaims, expiresAtSeconds: number): void {
      if (entries.size >= capacity) entries.delete(entries.keys().next().value as string);
      entries.set(token, { claims, expiresAtSeconds });
    },
  };
}

export function tokens(options: { secret: string; ttlMs: number; remembered?: number }): Tokens {
  const key = createSecretKey(Buffer.from(options.secret, 'utf8'));
  const verified = verifiedTokens(options.remembered ?? VERIFIED_TOKENS_REMEMBERED);
  const ttlSeconds = Math.floor(options.ttlMs / 1000);
  return {
    async issue({ userId, role }) {
      const accessToken = await new SignJWT({ role })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
      return { accessToken, tokenType: 'Bearer', expiresIn: ttlSeconds };
    },
    async verify(token) {
      const known = verified.get(token);
      if (known !== undefined) return known;
      let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer: ISSUER,
          audience: AUDIENCE,
          requiredClaims: ['sub', 'exp', 'iat'],
        }));
      } catch (error) {
        throw new TokenRejected(reasonOf(error));
      }
      const role = payload.role;
      if (
        typeof payload.sub !== 'string' ||
        !UUID.test(payload.sub) ||
        (role !== 'USER' && role !== 'ADMIN')
      ) {
        throw new TokenRejected('bad_claims');
      }
      const claims: AccessClaims = { userId: payload.sub, role };
      verified.remember(token, claims, payload.exp as number);
      return claims;
    },
  };
}
