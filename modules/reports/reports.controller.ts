import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../../events/event';
import { CurrentActor, OptionalAuth, Roles } from '../../src/auth/auth';
import { contentTypes, renderReport, type RenderedReport } from '../../reports/render/formats';
import { ANNUAL_REPORT, MINUTES, SUMMARY } from '../../reports/report-kinds';
import { ReportQueries } from '../../reports/queries/report-queries';
import { ReportReader } from '../../reports/queries/report-reader';
import { cspHeader, DOCUMENT_CSP } from '../../src/http/security-headers';
import { gzipped, REPORT_CACHE, type ReportCache, type SentReport, toSent } from './report-cache';
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
    private readonly reader: ReportReader,
    @Inject(REPORT_CACHE) private readonly cache: ReportCache,
  ) {}

  /**
   * Each rendered report (every format) is kept under the plan's read-model version, the request and
   * the caller's audience: a crowd reading one report costs one build, and concurrent first readers
   * share it; the next event of the plan makes the next reader build afresh.
   */
  private async rendered(route: string, planId: string, params: object, actor: Actor | undefined, build: () => Promise<RenderedReport>): Promise<SentReport> {
    await this.reader.catchUp();
    const audience = actor ? `${actor.role}:${actor.department ?? ''}` : 'public';
    const key = JSON.stringify([route, planId, params, audience, this.reader.planVersion(planId)]);
    return this.cache.get(key, async () => toSent(await build()));
  }

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
    return send(
      reply,
      await this.rendered('annual', planId, { fy, ...query }, actor, async () => renderReport(ANNUAL_REPORT, await this.reports.annualReport(planId, fy, query, actor), query.format ?? 'json')),
    );
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
    return send(reply, await this.rendered('summary', planId, { ...query }, actor, async () => renderReport(SUMMARY, await this.reports.summary(planId, query, actor), query.format ?? 'json')));
  }

  @Get('plans/:planId/cycles/:fy/minutes-summary')
  @Roles('secretariat', 'council')
  @ApiOperation({ summary: 'Minutes-ready summary of a cycle for the council (Markdown / HTML paste into minutes)' })
  async minutes(
    @Param('planId', IdPipe) planId: string,
    @Param('fy', FiscalYearPipe) fy: number,
    @Query() query: MinutesQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return send(reply, await this.rendered('minutes', planId, { fy, ...query }, actor, async () => renderReport(MINUTES, await this.reports.minutesSummary(planId, fy, query, actor), query.format ?? 'json')));
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

const HTML_DOCUMENT_CSP = cspHeader(DOCUMENT_CSP);

/**
 * Sends the report's bytes as they were made once: gzip-compressed when the client accepts it, and
 * with an ETag, so a client that has this version already gets a 304 without a body. (The caller has
 * been authenticated and authorised before: the bytes are the ones built for its audience.)
 */
function send(reply: FastifyReply, rendered: SentReport): Buffer | undefined {
  void reply.header('content-type', rendered.contentType);
  if (rendered.fileName) void reply.header('content-disposition', `attachment; filename="${rendered.fileName}"`);
  // A report in HTML is a document: no script runs in it, whatever its text holds.
  if (rendered.contentType.startsWith('text/html')) void reply.header('content-security-policy', HTML_DOCUMENT_CSP);
  const headers = reply.request.headers;
  const gzip = /\bgzip\b/.test(headers['accept-encoding'] ?? '') ? gzipped(rendered) : null;
  const etag = gzip ? gzip.etag : rendered.etag;
  void reply.header('vary', 'Accept-Encoding');
  void reply.header('etag', etag);
  void reply.header('cache-control', 'private, no-cache');
  const match = headers['if-none-match'];
  if (match && match.split(',').some((tag) => tag.trim() === etag || tag.trim() === `W/${etag}`)) {
    void reply.code(304);
    return undefined;
  }
  if (gzip) {
    void reply.header('content-encoding', 'gzip');
    return gzip.body;
  }
  return rendered.body;
}
