import { Module } from '@nestjs/common';
import { ExecutePlanCommandHandler } from './plan.handlers';
import { PlansController } from './plans.controller';
import { PlanImportController } from './plan-import.controller';
import { PlanImportService } from './plan-import.service';

@Module({ controllers: [PlanImportController, PlansController], providers: [ExecutePlanCommandHandler, PlanImportService] })
export class PlansModule {}
