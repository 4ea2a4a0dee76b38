import { Module } from '@nestjs/common';
import { SETTINGS, type Settings } from '../../src/config/settings';
import { createReportCache, REPORT_CACHE } from './report-cache';
import { ReportsController } from './reports.controller';

@Module({
  controllers: [ReportsController],
  providers: [{ provide: REPORT_CACHE, inject: [SETTINGS], useFactory: (settings: Settings) => createReportCache(settings.hardening.reportCacheMb) }],
})
export class ReportsModule {}
