// Access tokens: short-lived JWTs signed with HS256 under the configured secret (jose). Verification
// pins the algorithm, issuer and audience, so `alg: none`, other algorithms, foreign tokens and expired
// ones are all refused; each refusal has a reason the metrics count.
import { randomUUID } from 'node:crypto';
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

export function tokens(options: { secret: string; ttlMs: number }): Tokens {
  const key = new TextEncoder().encode(options.secret);
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
      return { userId: payload.sub, role };
    },
  };
}
