import { Global, Logger, Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { READ_MODEL_STORE, type ReadModelStore } from '../../src/read-model/read-model-store.port';
import { ProjectionRunner } from '../../projections/projection-runner';
import { ReportReader } from '../../reports/queries/report-reader';
import { ReportQueries } from '../../reports/queries/report-queries';
import { WorkQueueQueries } from '../../reports/queries/work-queues';

/** The read side for every feature module: the report reader and the queries over the read models. */
@Global()
@Module({
  providers: [
    {
      provide: ReportReader,
      inject: [EVENT_STORE, READ_MODEL_STORE, ProjectionRunner],
      useFactory: (events: EventStore, store: ReadModelStore, runner: ProjectionRunner) => new ReportReader(events, store, runner, new Logger('ReportReader')),
    },
    { provide: ReportQueries, inject: [ReportReader], useFactory: (reader: ReportReader) => new ReportQueries(reader) },
    { provide: WorkQueueQueries, inject: [ReportReader], useFactory: (reader: ReportReader) => new WorkQueueQueries(reader) },
  ],
  exports: [ReportReader, ReportQueries, WorkQueueQueries],
})
export class ReadModelsModule {}
