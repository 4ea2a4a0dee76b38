import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { AuthGuard } from './auth/auth';
import { scrubbingStream, secretsFromEnv } from './config/redact';
import { ErrorFilter } from './http/error.filter';
import { IdempotencyInterceptor } from './http/idempotency';
import { HealthController } from './health/health.controller';
import { InfrastructureModule } from './infrastructure.module';
import { SharedModule } from '../modules/shared/shared.module';
import { ReadModelsModule } from '../modules/read-models/read-models.module';
import { PlansModule } from '../modules/plans/plans.module';
import { CyclesModule } from '../modules/cycles/cycles.module';
import { ReportsModule } from '../modules/reports/reports.module';
import { AdminModule } from '../modules/admin/admin.module';
import { UsersModule } from '../modules/users/users.module';

@Module({
  imports: [
    LoggerModule.forRootAsync({
      useFactory: () => ({
      pinoHttp: [
        {
          level: process.env.LOG_LEVEL || 'info',
          genReqId: (req) => (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].length <= 128 ? req.headers['x-request-id'] : randomUUID()),
          redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
          autoLogging: { ignore: (req: { url?: string }) => req.url === '/health' },
        },
        // Every line, whoever wrote it, has the settings' secrets masked (src/config/redact.ts).
        scrubbingStream(secretsFromEnv()),
      ],
      }),
    }),
    CqrsModule.forRoot(),
    TerminusModule,
    InfrastructureModule,
    SharedModule,
    ReadModelsModule,
    PlansModule,
    CyclesModule,
    ReportsModule,
    AdminModule,
    UsersModule,
  ],
  controllers: [HealthController],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
})
export class AppModule {}
