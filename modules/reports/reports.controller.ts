import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../../events/event';
import { CurrentActor, OptionalAuth, Roles } from '../../src/auth/auth';
import { contentTypes, renderReport, type RenderedReport } from '../../reports/render/formats';
import { ANNUAL_REPORT, MINUTES, SUMMARY } from '../../reports/report-kinds';
import { ReportQueries } from '../../reports/queries/report-queries';
import { WorkQueueQueries } from '../../reports/queries/work-queues';
import { FiscalYearPipe, IdPipe } from '../shared/validators';
import { AnnualReportQueryDto, MinutesQueryDto, ReviewQueueQueryDto, SummaryQueryDto } from './report-query.dto';

/** The report routes: who may call them (roles), the query (reports/queries), the format (reports/render). */
@ApiTags('reports (進行管理報告書・総括)')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportQueries,
    private readonly queues: WorkQueueQueries,
  ) {}

  @Get('plans/:planId/reports/annual/:fy')
  @OptionalAuth()
  @ApiOperation({ summary: 'The annual 進行管理報告書 (public once published; ?asOf= shows it as it stood then)' })
  @ApiProduces(...contentTypes())
  async annual(
    @Param('planId', IdPipe) planId: string,
    @Param('fy', FiscalYearPipe) fy: number,
    @Query() query: AnnualReportQueryDto,
    @CurrentActor() actor: Actor | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const report = await this.reports.annualReport(planId, fy, query, actor);
    return send(reply, await renderReport(ANNUAL_REPORT, report, query.format ?? 'json'));
  }

  @Get('plans/:planId/reports/summary')
  @OptionalAuth()
  @ApiOperation({ summary: 'The multi-year 総括 (?from=&to= fiscal years; public once published)' })
  @ApiProduces(...contentTypes())
  async summary(
    @Param('planId', IdPipe) planId: string,
    @Query() query: SummaryQueryDto,
    @CurrentActor() actor: Actor | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const report = await this.reports.summary(planId, query, actor);
    return send(reply, await renderReport(SUMMARY, report, query.format ?? 'json'));
  }

  @Get('plans/:planId/cycles/:fy/minutes-summary')
  @Roles('secretariat', 'council')
  @ApiOperation({ summary: 'Minutes-ready summary of a cycle for the council (Markdown / HTML paste into minutes)' })
  async minutes(
    @Param('planId', IdPipe) planId: string,
    @Param('fy', FiscalYearPipe) fy: number,
    @Query() query: MinutesQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const summary = await this.reports.minutesSummary(planId, fy, query);
    return send(reply, await renderReport(MINUTES, summary, query.format ?? 'json'));
  }

  @Get('review-queue')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Sheets waiting for review (oldest first), returned, overdue; filter by department' })
  reviewQueue(@Query() query: ReviewQueueQueryDto) {
    return this.queues.reviewQueue(query);
  }

  @Get('notifications')
  @Roles('secretariat', 'department', 'admin')
  @ApiOperation({ summary: 'Reminders sent to departments (a department sees its own)' })
  notifications(@CurrentActor() actor: Actor, @Query() query: ReviewQueueQueryDto) {
    return this.queues.notifications(actor, query);
  }
}

function send(reply: FastifyReply, rendered: RenderedReport): unknown {
  void reply.header('content-type', rendered.contentType);
  if (rendered.fileName) void reply.header('content-disposition', `attachment; filename="${rendered.fileName}"`);
  return rendered.body;
}
