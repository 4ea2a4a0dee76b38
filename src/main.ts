import 'reflect-metadata';
import { loadSettings, SettingsError } from './config/settings';
import { createApp } from './create-app';
import { scrubSecrets, secretsFromEnv } from './config/redact';

async function bootstrap(): Promise<void> {
  let settings;
  try {
    settings = loadSettings();
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(scrubSecrets(`Cannot start: ${error.message}`, secretsFromEnv()));
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp();
  await app.listen(settings.port, '0.0.0.0');
  console.log(`PDCA review engine listening on http://localhost:${settings.port} (API docs: /docs, health: /health)`);
}

bootstrap().catch((error) => {
  console.error(scrubSecrets(`Cannot start: ${error instanceof Error ? error.message : String(error)}`, secretsFromEnv()));
  process.exit(1);
});
