import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { ExecutePlanCommandHandler } from './plan.handlers';
import { PlanQueries } from './plan.queries';
import { PlansController } from './plans.controller';

@Module({ imports: [ReportsModule], controllers: [PlansController], providers: [ExecutePlanCommandHandler, PlanQueries] })
export class PlansModule {}
