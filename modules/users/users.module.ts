import { Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AUTH_STORE, type AuthStore } from '../../src/auth/auth-store.port';
import { createAuthStore } from '../../src/auth/create-auth-store';
import { scryptHasher } from '../../src/auth/passwords';
import { SESSION_AUTHENTICATOR } from '../../src/auth/session.port';
import { SETTINGS, type Settings } from '../../src/config/settings';
import { AuthController } from './auth.controller';
import { FirstAdmin } from './first-admin';
import { Sessions } from './sessions';
import { SignIn } from './sign-in';
import { ChooseOwnPasswordHandler, IssueOneTimePasswordHandler, PASSWORD_HASHER, UpdateUserHandler } from './user.handlers';
import { UserDirectory } from './user-directory';
import { UsersController } from './users.controller';

/** Local accounts, sign-in and sessions. Exports the session authenticator the AuthGuard uses. */
@Module({
  controllers: [AuthController, UsersController],
  providers: [
    {
      provide: AUTH_STORE,
      inject: [SETTINGS],
      useFactory: async (settings: Settings): Promise<AuthStore> => {
        const store = createAuthStore(settings.readModelUrl);
        await store.init();
        new Logger('Auth').log(`sessions and credentials: ${store.kind} (auth_* tables beside the read models)`);
        return store;
      },
    },
    { provide: PASSWORD_HASHER, inject: [SETTINGS], useFactory: (settings: Settings) => scryptHasher(settings.auth.passwordHashCost) },
    UserDirectory,
    Sessions,
    { provide: SESSION_AUTHENTICATOR, useExisting: Sessions },
    SignIn,
    UpdateUserHandler,
    IssueOneTimePasswordHandler,
    ChooseOwnPasswordHandler,
    FirstAdmin,
  ],
  exports: [SESSION_AUTHENTICATOR],
})
export class UsersModule implements OnApplicationShutdown {
  constructor(@Inject(AUTH_STORE) private readonly store: AuthStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
