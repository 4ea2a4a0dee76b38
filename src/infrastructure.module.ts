import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { loadSettings, Settings, SETTINGS } from './config/settings';
import { redactUrl as redact } from './config/redact';
export { SETTINGS };
import { createEventStore } from './event-store/create-event-store';
import { EVENT_STORE, EventStore } from './event-store/event-store.port';
import { UpcastingEventStore } from './event-store/upcasting-event-store';
import { createReadModelStore } from './read-model/create-read-model-store';
import { READ_MODEL_STORE, ReadModelStore } from './read-model/read-model-store.port';
import { BullMqQueue, connectRedis } from './queue/bullmq-queue';
import { InProcessQueue } from './queue/in-process-queue';
import { JOB_QUEUE, JobQueue } from './queue/job-queue.port';
import { queueNameFor } from './queue/installation-id';

/** Settings, the event store, the read-model store and the job queue, for every module. */
@Global()
@Module({
  providers: [
    { provide: SETTINGS, useFactory: () => loadSettings() },
    {
      provide: EVENT_STORE,
      inject: [SETTINGS],
      useFactory: async (settings: Settings): Promise<EventStore> => {
        const store = new UpcastingEventStore(createEventStore(settings.eventStoreUrl, settings.dataDir));
        await store.init();
        new Logger('EventStore').log(`event store: ${store.kind} (${redact(settings.eventStoreUrl)})`);
        return store;
      },
    },
    {
      provide: READ_MODEL_STORE,
      inject: [SETTINGS],
      useFactory: async (settings: Settings): Promise<ReadModelStore> => {
        const store = createReadModelStore(settings.readModelUrl);
        await store.init();
        new Logger('ReadModels').log(`read-model store: ${store.kind} (${redact(settings.readModelUrl)})`);
        return store;
      },
    },
    {
      provide: JOB_QUEUE,
      inject: [SETTINGS, EVENT_STORE],
      useFactory: async (settings: Settings, events: EventStore): Promise<JobQueue> => {
        const redis = await connectRedis(settings.redisUrl);
        if (redis) {
          // One queue per installation: two installations sharing a Redis never run each other's jobs.
          const queueName = await queueNameFor(events, settings.hardening.queueNamespace);
          new Logger('JobQueue').log(`job queue: BullMQ queue ${queueName} on ${redact(settings.redisUrl)}`);
          return new BullMqQueue(redis, queueName);
        }
        new Logger('JobQueue').warn(
          `Redis unreachable at ${redact(settings.redisUrl)}: using the in-process job queue (jobs are not shared between instances; pending due dates are rebuilt from the log at each start)`,
        );
        return new InProcessQueue();
      },
    },
  ],
  exports: [SETTINGS, EVENT_STORE, READ_MODEL_STORE, JOB_QUEUE],
})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  /** Runs after the HTTP server stopped taking requests and finished the in-flight ones, and after every module's beforeApplicationShutdown (the projection runner and the sagas stop there). */
  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    await this.readModels.close();
    await this.events.close();
  }
}
