import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * The Content-Security-Policy the built page declares for itself. The build has no inline script or
 * style (Vite emits module files; the screens use class names only), so nothing needs 'unsafe-inline'.
 * Only in the build: the dev server's React refresh preamble is an inline script.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'pdca-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // No inline data: URLs for assets either; every file is served from /assets.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    // `npm run dev:web` beside `npm run start:dev`: the API on :3000, the screens with hot reload on :5173.
    proxy: Object.fromEntries(['/auth', '/me', '/admin', '/plans', '/review-queue', '/notifications', '/health', '/docs'].map((p) => [p, 'http://localhost:3000'])),
    fs: { allow: ['..'] },
  },
});
