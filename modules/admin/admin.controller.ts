import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../src/auth/auth';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../../src/event-store/event-store.port';
import { ProjectionRunner } from '../../projections/projection-runner';
import { NotFoundError } from '../../src/domain/errors';
import { IdPipe } from '../shared/validators';
import { ReportReader } from '../../reports/queries/report-reader';
import { AuditQueryDto, RebuildDto, StreamQueryDto } from './admin.dto';
import type { CommandContext } from '../shared/command-context';
import { RequestContext } from '../shared/request-context';
import { RebuildService } from './rebuild.service';
import { auditRows, toCsv } from './audit';

@ApiTags('admin (管理者)')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly rebuilds: RebuildService,
    private readonly runner: ProjectionRunner,
    private readonly reader: ReportReader,
  ) {}

  @Get('streams/:streamId')
  @ApiOperation({ summary: "A stream's events with their metadata, paged by revision" })
  async stream(@Param('streamId') streamId: string, @Query() query: StreamQueryDto) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,200}$/.test(streamId)) throw new NotFoundError('stream', streamId);
    const limit = query.limit ?? 100;
    const all = await this.events.readStream(streamId, { fromRevision: query.fromRevision ?? 0 });
    if (all.length === 0 && (query.fromRevision ?? 0) === 0) throw new NotFoundError('stream', streamId, `Stream ${streamId} not found`);
    const page = all.slice(0, limit);
    return { streamId, events: page, nextRevision: all.length > limit ? page[page.length - 1].revision + 1 : null };
  }

  @Get('projections')
  @ApiOperation({ summary: 'Projections, their version, active generation and checkpoint' })
  async projections() {
    return { headPosition: await this.events.headPosition(), projections: this.runner.status() };
  }

  @Post('projections/rebuild')
  @HttpCode(202)
  @ApiOperation({ summary: 'Rebuild read models (all, or named) as a job; reads keep answering meanwhile' })
  rebuild(@Body() dto: RebuildDto, @RequestContext() context: CommandContext) {
    return this.rebuilds.request(dto.projections, context.actor, context.requestId, context.idempotencyKey);
  }

  @Get('jobs/:jobId')
  @ApiOperation({ summary: 'Progress of a job: events done / total, rate, state, who started it' })
  job(@Param('jobId', IdPipe) jobId: string) {
    return this.rebuilds.status(jobId);
  }

  @Get('plans/:planId/audit')
  @ApiOperation({ summary: 'Who did what, when, on which item, from which request; filters actor, department, type, from, to (?format=csv: the same rows as CSV)' })
  async audit(@Param('planId', IdPipe) planId: string, @Query() query: AuditQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const events: StoredEvent[] = await this.reader.planEvents(planId);
    if (events.length === 0) throw new NotFoundError('plan', planId, `Plan ${planId} not found`);
    const rows = auditRows(events).filter(
      (r) =>
        (!query.actor || r.actor === query.actor || r.department === query.actor) &&
        (!query.department || r.department === query.department) &&
        (!query.type || r.type === query.type) &&
        (!query.from || r.at >= new Date(query.from).toISOString()) &&
        (!query.to || r.at <= new Date(query.to).toISOString()),
    );
    if (query.format === 'csv') {
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="audit-${planId}.csv"`);
      return toCsv(rows);
    }
    return { planId, count: rows.length, rows };
  }
}
