import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { READ_MODEL_STORE, type ReadModelStore } from '../read-model/read-model-store.port';
import { JOB_QUEUE, type JobQueue } from '../queue/job-queue.port';
import { PROJECTION_STATUS, type ProjectionStatusSource } from '../read-model/projection-status.port';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(PROJECTION_STATUS) private readonly projections: ProjectionStatusSource,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Event store, read-model store and job queue' })
  check() {
    return this.health.check([
      () => this.probe('eventStore', () => this.events.ping(), async () => ({ kind: this.events.kind, headPosition: await this.events.headPosition() })),
      () => this.probe('readModels', () => this.readModels.ping(), async () => ({ kind: this.readModels.kind, projections: this.projections.status() })),
      () => this.probe('queue', () => this.queue.ping(), async () => ({ kind: this.queue.kind })),
    ]);
  }

  private async probe(key: string, ping: () => Promise<void>, details: () => Promise<Record<string, unknown>>) {
    const session = this.indicator.check(key);
    try {
      await withTimeout(ping(), 2000);
      return session.up(await details());
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}
