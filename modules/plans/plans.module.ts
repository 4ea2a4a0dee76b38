import { Module } from '@nestjs/common';
import { ExecutePlanCommandHandler } from './plan.handlers';
import { PlansController } from './plans.controller';

@Module({ controllers: [PlansController], providers: [ExecutePlanCommandHandler] })
export class PlansModule {}
