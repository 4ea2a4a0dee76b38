import { BeforeApplicationShutdown, Global, Logger, Module, OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { PROJECTION_STATUS } from '../../src/read-model/projection-status.port';
import { READ_MODEL_STORE, type ReadModelStore } from '../../src/read-model/read-model-store.port';
import { ALL_PROJECTIONS } from '../../projections/all-projections';
import { ProjectionRunner } from '../../projections/projection-runner';
import { ReportReader } from '../../reports/queries/report-reader';
import { ReportQueries } from '../../reports/queries/report-queries';
import { WorkQueueQueries } from '../../reports/queries/work-queues';
import { WorkflowQueries } from '../../reports/queries/workflow-queries';

/**
 * The read side, for every feature module: the projection runner that keeps the read models folded
 * from the log (started with the app, stopped before the stores close), and the queries over them.
 */
@Global()
@Module({
  providers: [
    {
      provide: ProjectionRunner,
      inject: [EVENT_STORE, READ_MODEL_STORE],
      useFactory: (events: EventStore, readModels: ReadModelStore) => new ProjectionRunner(events, readModels, ALL_PROJECTIONS, new Logger('Projections')),
    },
    { provide: PROJECTION_STATUS, useExisting: ProjectionRunner },
    {
      provide: ReportReader,
      inject: [EVENT_STORE, READ_MODEL_STORE, ProjectionRunner],
      useFactory: (events: EventStore, store: ReadModelStore, runner: ProjectionRunner) => new ReportReader(events, store, runner, new Logger('ReportReader')),
    },
    { provide: ReportQueries, inject: [ReportReader], useFactory: (reader: ReportReader) => new ReportQueries(reader) },
    { provide: WorkQueueQueries, inject: [ReportReader], useFactory: (reader: ReportReader) => new WorkQueueQueries(reader) },
    { provide: WorkflowQueries, inject: [ReportReader], useFactory: (reader: ReportReader) => new WorkflowQueries(reader) },
  ],
  exports: [ProjectionRunner, PROJECTION_STATUS, ReportReader, ReportQueries, WorkQueueQueries, WorkflowQueries],
})
export class ReadModelsModule implements OnModuleInit, BeforeApplicationShutdown {
  constructor(private readonly runner: ProjectionRunner) {}

  async onModuleInit(): Promise<void> {
    await this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
