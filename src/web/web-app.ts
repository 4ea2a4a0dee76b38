import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where `vite build` put the web application: `dist/web` under the project root (the folder with
 * package.json), found from this file whether it runs compiled (dist/src/web) or from source (src/web).
 */
export function webDistDir(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'web');
}

/** Client routes of the single-page app: `/` and everything under `/app/`, so no API path is ever shadowed. */
export const CLIENT_ROUTES = ['/', '/app', '/app/*'];

/**
 * Serves the built web application: its files (hashed assets cached for a year, the rest revalidated)
 * and index.html for every client route. Only files present at start are served (no wildcard), so an
 * unknown path still reaches the API's JSON 404. Without a build, `/` says how to make one.
 */
export async function serveWebApp(app: NestFastifyApplication, root = webDistDir()): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const indexFile = join(root, 'index.html');
  if (!existsSync(indexFile)) {
    const notBuilt = (_request: unknown, reply: { code(n: number): { type(t: string): { send(b: string): unknown } } }) =>
      reply.code(503).type('text/plain; charset=utf-8').send('The web application is not built: run "npm run build" (npm start does it).\n');
    for (const route of CLIENT_ROUTES) fastify.get(route, notBuilt);
    return;
  }
  const index = readFileSync(indexFile);
  await app.register(fastifyStatic as never, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    decorateReply: false,
    globIgnore: ['**/index.html'],
    cacheControl: false,
    setHeaders: (reply: { header(name: string, value: string): unknown }, path: string) =>
      reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  for (const route of CLIENT_ROUTES) {
    fastify.get(route, (_request, reply) => reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index));
  }
}
