import { Module } from '@nestjs/common';
import { ExecuteCycleCommandHandler, ExecuteSheetCommandHandler } from './cycle.handlers';
import { CyclesController } from './cycles.controller';
import { DeadlineJobs } from './sagas/deadline-jobs';
import { SagaRunner } from './sagas/saga-runner';
import { SheetWorkbookController } from './workbook/sheet-workbook.controller';
import { SheetWorkbookService } from './workbook/sheet-workbook.service';

@Module({
  controllers: [CyclesController, SheetWorkbookController],
  providers: [ExecuteSheetCommandHandler, ExecuteCycleCommandHandler, DeadlineJobs, SagaRunner, SheetWorkbookService],
  exports: [SagaRunner],
})
export class CyclesModule {}
