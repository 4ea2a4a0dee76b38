import { Module } from '@nestjs/common';
import { ReportReader } from './report-reader';
import { ReportsController } from './reports.controller';

@Module({ controllers: [ReportsController], providers: [ReportReader], exports: [ReportReader] })
export class ReportsModule {}
