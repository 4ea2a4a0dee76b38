import { Module } from '@nestjs/common';
import { ExecuteCycleCommandHandler, ExecuteSheetCommandHandler } from './cycle.handlers';
import { CyclesController } from './cycles.controller';
import { WorkflowFacts } from './workflow-facts';
import { DeadlineJobs } from './sagas/deadline-jobs';
import { SagaRunner } from './sagas/saga-runner';

@Module({
  controllers: [CyclesController],
  providers: [ExecuteSheetCommandHandler, ExecuteCycleCommandHandler, WorkflowFacts, DeadlineJobs, SagaRunner],
  exports: [SagaRunner, WorkflowFacts],
})
export class CyclesModule {}
