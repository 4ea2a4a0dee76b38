import { ConsoleLogger } from '@nestjs/common';
import { scrubSecrets } from './redact';

/**
 * Nest's console logger, for what is printed before the pino logger takes over (start-up, and a
 * failed start): every line has the settings' secrets masked, like the pino lines.
 */
export class ScrubbingConsoleLogger extends ConsoleLogger {
  constructor(private readonly secrets: readonly string[]) {
    super();
  }

  protected override formatMessage(...args: Parameters<ConsoleLogger['formatMessage']>): string {
    return scrubSecrets(super.formatMessage(...args), this.secrets);
  }

  protected override printStackTrace(stack: string): void {
    super.printStackTrace(typeof stack === 'string' ? scrubSecrets(stack, this.secrets) : stack);
  }
}
