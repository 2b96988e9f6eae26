import { ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  getOptionsToken,
  getStorageToken,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';

import { DomainError } from '../common/domain-error';
import { counterDigest } from '../common/per-person-budget';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { KNOWN_DEVICE_COOKIE, KnownDevices, signInName } from './known-devices';

export const ADDRESS_THROTTLER = 'address';
export const ACCOUNT_THROTTLER = 'account';

const ACCOUNT_KEY = 'suivi:throttle-account';
/**
 * Which account a route's attempts count against: the email in the body (the default); for
 * sign-in, the same except from a device that signed in to that account before, which has a count
 * of its own (so strangers spending the account's attempts cannot keep its owner out); or the
 * signed-in caller (`POST /me/password`), never what the body says it is.
 */
export const ThrottleAccountBy = (source: 'email' | 'sign-in' | 'viewer') => SetMetadata(ACCOUNT_KEY, source);

/**
 * Sign-in, registration, password reset and password change are limited per client address and,
 * for sign-in and password change, per account. Every attempt counts, checked before the
 * password is. Addresses and accounts are hashed before they reach the counter store; they are
 * never stored with anything a person wrote. The client address is the one TRUST_PROXY lets
 * Fastify read (the connection's own by default).
 */
@Injectable()
export class AuthThrottleGuard extends ThrottlerGuard {
  constructor(
    @Inject(getOptionsToken()) options: ThrottlerModuleOptions,
    @Inject(getStorageToken()) storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly devices: KnownDevices,
  ) {
    super(options, storage, reflector);
  }

  /** Counters live under this deployment's Redis prefix. */
  protected override generateKey(context: ExecutionContext, suffix: string, name: string): string {
    return `${this.config.redisPrefix}throttle:${super.generateKey(context, suffix, name)}`;
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const name = props.throttler.name;
    const source = this.reflector.get<string | undefined>(ACCOUNT_KEY, props.context.getHandler()) ?? 'email';
    const getTracker = async (req: Record<string, unknown>) => {
      if (name === ACCOUNT_THROTTLER && source === 'viewer') {
        const id = (req['user'] as { id?: unknown } | null | undefined)?.id;
        return typeof id === 'string' ? `user:${counterDigest(id)}` : '';
      }
      if (name === ACCOUNT_THROTTLER) {
        const email = ((req['body'] as { email?: unknown } | undefined)?.email ?? '') as unknown;
        if (typeof email !== 'string' || !email) {
          return '';
        }
        const cookies = req['cookies'] as Record<string, string | undefined> | undefined;
        const device = source === 'sign-in' ? this.devices.deviceOf(cookies?.[KNOWN_DEVICE_COOKIE], email) : null;
        return device ? `device:${counterDigest(device)}` : `account:${counterDigest(signInName(email))}`;
      }
      return `address:${counterDigest(String(req['ip'] ?? ''))}`;
    };
    if (name === ACCOUNT_THROTTLER && !(await getTracker(props.context.switchToHttp().getRequest()))) {
      return true;
    }
    return super.handleRequest({ ...props, getTracker });
  }

  /** Named throttlers suffix their headers (Retry-After-address); clients look for Retry-After. */
  protected override setResponseHeader(res: Record<string, unknown>, name: string, value: string | number): void {
    super.setResponseHeader(res, name, value);
    if (name.startsWith('Retry-After-')) {
      super.setResponseHeader(res, 'Retry-After', value);
    }
  }

  /** The refusal in the API's vocabulary, with the wait the Retry-After header gives too. */
  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.isBlocked ? detail.timeToBlockExpire : detail.timeToExpire));
    throw new DomainError('too_many_requests', 'Too many attempts; try again later', { retryAfter });
  }
}
