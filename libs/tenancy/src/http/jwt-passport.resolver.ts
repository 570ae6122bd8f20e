import { UnauthenticatedError, type Passport } from '@ddd-kit/core';
import { jwtVerify, type JWTPayload } from 'jose';
import { headerValue, type IncomingRequest, type PassportResolver } from './passport-resolver.js';

/** Options of {@link JwtPassportResolver}. */
export interface JwtPassportResolverOptions {
  /** The HMAC secret tokens are signed with. */
  readonly secret: string;
  /** @default ['HS256'] */
  readonly algorithms?: readonly string[];
  /** Claim holding the tenant id. @default 'tenant_id' */
  readonly tenantClaim?: string;
  /** Claim holding the actor id. @default 'sub' */
  readonly actorClaim?: string;
  /** Expected `iss`, if any. */
  readonly issuer?: string;
  /** Expected `aud`, if any. */
  readonly audience?: string;
}

/**
 * Reads actor and tenant from a verified bearer token (`Authorization: Bearer <jwt>`), with jose.
 * No token resolves nothing; a bad one (signature, expiry, algorithm, issuer) is refused with
 * `TOKEN_INVALID` rather than ignored, so a forged token can never fall back to a header.
 */
export class JwtPassportResolver implements PassportResolver {
  private readonly secret: Uint8Array;

  constructor(private readonly options: JwtPassportResolverOptions) {
    if (!options.secret) throw new TypeError('JwtPassportResolver needs a `secret`');
    this.secret = new TextEncoder().encode(options.secret);
  }

  async resolve(request: IncomingRequest): Promise<Partial<Passport> | undefined> {
    const authorization = headerValue(request, 'authorization');
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) return undefined;
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, this.secret, {
        algorithms: [...(this.options.algorithms ?? ['HS256'])],
        ...(this.options.issuer && { issuer: this.options.issuer }),
        ...(this.options.audience && { audience: this.options.audience }),
      }));
    } catch (error) {
      throw new UnauthenticatedError('TOKEN_INVALID', {}, { cause: error });
    }
    const tenantId = claims[this.options.tenantClaim ?? 'tenant_id'];
    const actorId = claims[this.options.actorClaim ?? 'sub'];
    return {
      ...(typeof tenantId === 'string' && { tenantId }),
      ...(typeof actorId === 'string' && { actorId }),
    };
  }
}
