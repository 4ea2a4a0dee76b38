#!/usr/bin/env node
// Prints a bearer token for local use: npm run token -- --role department --department 税務課 [--sub name] [--expires 12h]
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const jwt = require('jsonwebtoken');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const roles = ['department', 'secretariat', 'council', 'admin'];
const role = opt('role');
if (!roles.includes(role)) {
  console.error(`--role must be one of ${roles.join(', ')}`);
  process.exit(2);
}
const department = opt('department');
if (role === 'department' && !department) {
  console.error('--department is required for --role department (e.g. --department 税務課)');
  process.exit(2);
}
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
process.stdout.write(jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn: opt('expires', '12h') }) + '\n');
