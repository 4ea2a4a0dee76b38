#!/usr/bin/env node
// Prints a bearer token for local use: npm run token -- --role department --department 税務課 [--sub name] [--expires 12h]
// Reads what the service checks: JWT_SECRET (or the secret generated in DATA_DIR), JWT_MAX_LIFETIME
// (the longest --expires it accepts, default 24h), JWT_ISSUER and JWT_AUDIENCE (put in the token when set).
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const jwt = require('jsonwebtoken');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const fail = (message) => {
  console.error(message);
  process.exit(2);
};
const roles = ['department', 'secretariat', 'council', 'admin'];
const role = opt('role');
if (!roles.includes(role)) fail(`--role must be one of ${roles.join(', ')}`);
const department = opt('department');
if (role === 'department' && !department) fail('--department is required for --role department (e.g. --department 税務課)');

/** "3600", "90s", "30m", "12h", "7d" → seconds, as the service reads JWT_MAX_LIFETIME. */
const seconds = (text, what) => {
  const m = /^(\d{1,7})([smhd]?)$/.exec(String(text).trim());
  if (!m) fail(`${what} "${text}" is not a duration such as 3600, 30m, 12h or 7d`);
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]];
};
const expires = seconds(opt('expires', '12h'), '--expires');
const maxLifetime = seconds(process.env.JWT_MAX_LIFETIME || '24h', 'JWT_MAX_LIFETIME');
if (expires > maxLifetime) fail(`--expires ${opt('expires')} is longer than the service accepts (JWT_MAX_LIFETIME ${maxLifetime} s)`);

let secret = process.env.JWT_SECRET;
if (!secret) {
  const file = join(resolve(process.env.DATA_DIR || './data'), 'jwt-secret');
  try {
    secret = readFileSync(file, 'utf8').trim();
  } catch {
    console.error(`No JWT_SECRET set and ${file} does not exist yet: start the service once (npm start), or set JWT_SECRET.`);
    process.exit(1);
  }
}
const claims = { sub: opt('sub', department ? `${department}-staff` : role), role, ...(department ? { department } : {}) };
const options = {
  algorithm: 'HS256',
  expiresIn: expires,
  ...(process.env.JWT_ISSUER ? { issuer: process.env.JWT_ISSUER } : {}),
  ...(process.env.JWT_AUDIENCE ? { audience: process.env.JWT_AUDIENCE } : {}),
};
process.stdout.write(jwt.sign(claims, secret, options) + '\n');
