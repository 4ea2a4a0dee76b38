#!/usr/bin/env node
// npm run user -- add --login sec1 --role secretariat --name "事務局 太郎" (see modules/users/user-cli.ts).
// From a checkout it runs the TypeScript source (always current); where the dev tools were pruned
// (the Docker image) it runs the build: node dist/modules/users/user-cli.js.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
let entry = join(root, 'dist', 'modules', 'users', 'user-cli.js');
try {
  require.resolve('ts-node');
  require('ts-node').register({ transpileOnly: true, project: join(root, 'tsconfig.json') });
  entry = join(root, 'modules', 'users', 'user-cli.ts');
} catch {
  if (!existsSync(entry)) {
    console.error('Neither ts-node nor a build (npm run build) is here to run the user command.');
    process.exit(1);
  }
}
require(entry).run(process.argv.slice(2));
