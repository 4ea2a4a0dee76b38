import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module';
import { loadSettings } from './config/settings';
import { registerUploads } from './http/uploads';
import { createValidationPipe } from './http/validation';
import { useBoundedBodyParsers } from './http/json-body';
import { useRateLimits } from './http/rate-limits';
import { useSecurityHeaders } from './http/security-headers';
import { secretsFromEnv } from './config/redact';
import { ScrubbingConsoleLogger } from './config/scrubbing-console-logger';
import { serveWebApp } from './web/web-app';

/** Builds the application (used by main.ts, the e2e tests and the benchmarks). */
export async function createApp(options: { logger?: boolean } = {}): Promise<NestFastifyApplication> {
  const settings = loadSettings();
  const { hardening } = settings;
  const bodyLimit = 2 * 1024 * 1024;
  const adapter = new FastifyAdapter({
    bodyLimit,
    // Behind a proxy (TRUST_PROXY) its X-Forwarded-For and -Proto give the client address (sign-in
    // limits) and the scheme (Secure cookie); otherwise they are ignored.
    trustProxy: settings.auth.trustProxy,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && given.length > 0 && given.length <= 128 ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    bufferLogs: true,
    // A failed start is an exception for main.ts to report (masked), not an abort with a core dump.
    abortOnError: false,
    logger: options.logger === false ? false : new ScrubbingConsoleLogger(secretsFromEnv()),
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  useBoundedBodyParsers(app, { maxDepth: hardening.bodyMaxDepth, maxKeys: hardening.bodyMaxKeys, maxMembers: hardening.bodyMaxMembers }, bodyLimit);
  await useSecurityHeaders(app);
  await useRateLimits(app, hardening);
  app.useGlobalPipes(createValidationPipe());
  await registerUploads(app, settings.workbook);
  app.enableShutdownHooks();
  const config = new DocumentBuilder()
    .setTitle('PDCA review engine — 行政改革大綱 実行計画 進行管理')
    .setDescription('Event-sourced workflow for the annual 進行管理報告書, council deliberation, publication and the multi-year 総括.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
  await serveWebApp(app);
  return app;
}
