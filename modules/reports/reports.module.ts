import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { SETTINGS } from '../../src/config/settings';
import type { Settings } from '../../src/config/settings';
import { pdfPrinter } from '../../reports/render/pdf';
import { createReportCache, REPORT_CACHE } from './report-cache';
import { ReportsController } from './reports.controller';

/** The report routes and the cache of rendered reports; the PDF printer (Chromium) follows the settings and is closed with the app. */
@Module({
  controllers: [ReportsController],
  providers: [{ provide: REPORT_CACHE, inject: [SETTINGS], useFactory: (settings: Settings) => createReportCache(settings.hardening.reportCacheMb) }],
})
export class ReportsModule implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(SETTINGS) private readonly settings: Settings) {}

  onModuleInit(): void {
    pdfPrinter.configure({ executablePath: this.settings.chromiumPath });
  }

  async onApplicationShutdown(): Promise<void> {
    await pdfPrinter.close();
  }
}
