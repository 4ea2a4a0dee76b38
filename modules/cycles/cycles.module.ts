import { Module } from '@nestjs/common';
import { ExecuteCycleCommandHandler, ExecuteSheetCommandHandler } from './cycle.handlers';
import { CyclesController } from './cycles.controller';
import { DeadlineJobs } from './sagas/deadline-jobs';
import { SagaRunner } from './sagas/saga-runner';

@Module({
  controllers: [CyclesController],
  providers: [ExecuteSheetCommandHandler, ExecuteCycleCommandHandler, DeadlineJobs, SagaRunner],
  exports: [SagaRunner],
})
export class CyclesModule {}
