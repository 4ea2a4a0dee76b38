import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { AdminController } from './admin.controller';
import { RebuildService } from './rebuild.service';

@Module({ imports: [ReportsModule], controllers: [AdminController], providers: [RebuildService] })
export class AdminModule {}
