import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../events/event';
import { USER_STREAM_PREFIX, userStreamId, type UserEvent } from '../../events/user.events';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { EventSourcedRepository } from '../shared/event-sourced-repository';
import { userDecider, type ExistingUser, type UserState } from './user.decider';

/**
 * Accounts as their events say now. One account is its stream's fold (cached by the repository, so
 * a request reads only events appended since); the list folds every `user-` stream. A city has
 * hundreds of accounts, not millions, and this way a sign-in or a role change is seen at once
 * (no read model to wait for).
 */
@Injectable()
export class UserDirectory {
  constructor(
    private readonly repository: EventSourcedRepository,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async get(login: string): Promise<ExistingUser | null> {
    const { state } = await this.repository.load(userStreamId(login), userDecider);
    return state.status === 'none' ? null : state;
  }

  async list(): Promise<ExistingUser[]> {
    const states = new Map<string, UserState>();
    for (const e of await this.events.readAll({ streamPrefixes: [USER_STREAM_PREFIX] })) {
      states.set(e.streamId, userDecider.evolve(states.get(e.streamId) ?? userDecider.initialState(), { type: e.type, data: e.data } as UserEvent));
    }
    return [...states.values()].filter((s): s is ExistingUser => s.status !== 'none').sort((a, b) => a.login.localeCompare(b.login));
  }

  /** Whether some enabled account can manage the others (if not, the first admin is due). */
  async hasActiveAdmin(): Promise<boolean> {
    return (await this.list()).some((u) => u.role === 'admin' && u.status === 'active');
  }
}

/** The actor an account acts as: its login is the `sub` in every event's metadata. */
export function actorOf(user: ExistingUser): Actor {
  return { sub: user.login, role: user.role, ...(user.department ? { department: user.department } : {}) };
}

/** What an admin (and the account itself) sees of an account. */
export function publicUser(user: ExistingUser) {
  return {
    login: user.login,
    name: user.name,
    role: user.role,
    ...(user.department ? { department: user.department } : {}),
    status: user.status,
    mustChangePassword: user.mustChangePassword,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
