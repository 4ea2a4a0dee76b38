import { Controller, Get, Header, Inject, Param, Query, Res, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../../events/event';
import { CurrentActor, OptionalAuth, Roles } from '../../src/auth/auth';
import { READ_MODEL_STORE, type ReadModelStore } from '../../src/read-model/read-model-store.port';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { ProjectionRunner } from '../../projections/projection-runner';
import { reviewQueueProjection, type ReviewQueueEntry } from '../../projections/review-queue.projection';
import { notificationsProjection, type NotificationDoc } from '../../projections/notifications.projection';
import { buildAnnualReport, buildMinutesSummary, buildSummary, type PlanSnapshot } from '../../projections/reports/build-reports';
import {
  renderAnnualReportHtml, renderAnnualReportMarkdown, renderAnnualReportXlsx, renderMinutesHtml, renderMinutesMarkdown,
  renderSummaryHtml, renderSummaryMarkdown, renderSummaryXlsx,
} from '../../projections/reports';
import { InvalidCommandError, NotFoundError } from '../../src/domain/errors';
import { FiscalYearPipe, IdPipe } from '../shared/validators';
import { publishedOnly, ReportReader } from './report-reader';
import { AnnualReportQueryDto, MinutesQueryDto, ReviewQueueQueryDto, SummaryQueryDto, type Format } from './report-query.dto';

const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const SIGN_IN = 'This report is not published yet: sign in to read it (Authorization: Bearer <token>).';

@ApiTags('reports (進行管理報告書・総括)')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(
    private readonly reader: ReportReader,
    private readonly runner: ProjectionRunner,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @Get('plans/:planId/reports/annual/:fy')
  @OptionalAuth()
  @ApiOperation({ summary: 'The annual 進行管理報告書 (public once published; ?asOf= shows it as it stood then)' })
  @ApiProduces(...Object.values(CONTENT_TYPES))
  async annual(
    @Param('planId', IdPipe) planId: string,
    @Param('fy', FiscalYearPipe) fy: number,
    @Query() query: AnnualReportQueryDto,
    @CurrentActor() actor: Actor | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const snapshot = await this.annualSnapshot(planId, fy, query.asOf, actor);
    const report = { ...buildAnnualReport(snapshot, fy), ...(query.asOf ? { asOf: query.asOf } : {}) };
    const format = query.format ?? 'json';
    const name = `progress-report-${fy}`;
    return this.send(reply, format, name, report, { md: renderAnnualReportMarkdown, html: renderAnnualReportHtml, xlsx: renderAnnualReportXlsx });
  }

  private async annualSnapshot(planId: string, fy: number, asOf: string | undefined, actor: Actor | undefined): Promise<PlanSnapshot> {
    if (asOf) {
      const snapshot = await this.reader.at(planId, { asOf });
      const visible = actor ? snapshot : publishedOnly(snapshot);
      if (!visible.cycles.has(fy)) throw this.noCycle(snapshot, fy, Boolean(actor));
      return visible;
    }
    const current = await this.reader.current(planId);
    const cycle = current.cycles.get(fy);
    if (!cycle) throw this.noCycle(current, fy, Boolean(actor));
    // A published report is served exactly as published, whatever happened after.
    const publication = cycle.publications[cycle.publications.length - 1];
    if (publication) {
      const published = await this.reader.at(planId, { toPosition: publication.position });
      // The public sees earlier years only as far as they were published too.
      return actor ? published : publishedOnly(published);
    }
    if (!actor) throw new UnauthorizedException(SIGN_IN);
    return current;
  }

  /** 404 for a year without a cycle; 401 when the cycle exists but an anonymous caller may not see it yet. */
  private noCycle(snapshot: PlanSnapshot, fy: number, signedIn: boolean): Error {
    if (!signedIn && snapshot.cycles.has(fy)) return new UnauthorizedException(SIGN_IN);
    const { from, to } = snapshot.plan.period;
    return new NotFoundError('cycle', String(fy), `No annual cycle for fiscal year ${fy} of plan ${snapshot.plan.planId} (plan period ${from}–${to})`);
  }

  @Get('plans/:planId/reports/summary')
  @OptionalAuth()
  @ApiOperation({ summary: 'The multi-year 総括 (?from=&to= fiscal years; public once published)' })
  @ApiProduces(...Object.values(CONTENT_TYPES))
  async summary(
    @Param('planId', IdPipe) planId: string,
    @Query() query: SummaryQueryDto,
    @CurrentActor() actor: Actor | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    let snapshot = query.asOf ? await this.reader.at(planId, { asOf: query.asOf }) : await this.reader.current(planId);
    if (!actor) {
      const positions = [...snapshot.cycles.values()].flatMap((c) => c.publications.map((p) => p.position));
      if (positions.length === 0) throw new UnauthorizedException('Nothing of this plan is published yet: sign in to read the 総括.');
      snapshot = publishedOnly(await this.reader.at(planId, { toPosition: Math.max(...positions) }));
    }
    const from = query.from ?? snapshot.plan.period.from;
    const to = query.to ?? snapshot.plan.period.to;
    if (from > to) throw new InvalidCommandError('from', 'fromNotAfterTo', `from (${from}) must not be after to (${to})`);
    const report = { ...buildSummary(snapshot, from, to), ...(query.asOf ? { asOf: query.asOf } : {}) };
    return this.send(reply, query.format ?? 'json', `summary-${from}-${to}`, report, { md: renderSummaryMarkdown, html: renderSummaryHtml, xlsx: renderSummaryXlsx });
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
    const snapshot = query.asOf ? await this.reader.at(planId, { asOf: query.asOf }) : await this.reader.current(planId);
    if (!snapshot.cycles.has(fy)) throw this.noCycle(snapshot, fy, true);
    const summary = buildMinutesSummary(snapshot, fy);
    return this.send(reply, query.format ?? 'json', `minutes-${fy}`, summary, { md: renderMinutesMarkdown, html: renderMinutesHtml });
  }

  @Get('review-queue')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Sheets waiting for review (oldest first), returned, overdue; filter by department' })
  async reviewQueue(@Query() query: ReviewQueueQueryDto) {
    await this.runner.waitFor(await this.events.headPosition(), 3000).catch(() => undefined);
    const now = Date.now();
    const rows = (await this.store.list<ReviewQueueEntry>(reviewQueueProjection.name, this.runner.generation(reviewQueueProjection.name)))
      .map((r) => r.doc)
      .filter((e) => (!query.department || e.departments.includes(query.department)) && (!query.planId || e.planId === query.planId) && (!query.fiscalYear || e.fiscalYear === query.fiscalYear))
      .map((e) => ({ ...e, waitingHours: Math.round(((now - Date.parse(e.since)) / 3_600_000) * 10) / 10 }))
      .sort((a, b) => a.since.localeCompare(b.since));
    const pick = (s: string) => rows.filter((e) => e.state === s);
    const submitted = pick('submitted');
    const returned = pick('returned');
    const overdue = rows.filter((e) => e.overdue && e.state !== 'submitted');
    return {
      counts: { submitted: submitted.length, returned: returned.length, overdue: overdue.length },
      ...(query.state ? { [query.state]: { submitted, returned, overdue }[query.state] } : { submitted, returned, overdue }),
    };
  }

  @Get('notifications')
  @Roles('secretariat', 'department', 'admin')
  @ApiOperation({ summary: 'Reminders sent to departments (a department sees its own)' })
  async notifications(@CurrentActor() actor: Actor, @Query() query: ReviewQueueQueryDto) {
    const department = actor.role === 'department' ? actor.department : query.department;
    const rows = await this.store.list<NotificationDoc>(notificationsProjection.name, this.runner.generation(notificationsProjection.name));
    return rows
      .map((r) => r.doc)
      .filter((n) => (!department || n.departments.includes(department)) && (!query.planId || n.planId === query.planId))
      .sort((a, b) => b.at.localeCompare(a.at));
  }

  private async send<T>(reply: FastifyReply, format: Format, name: string, report: T, renderers: Partial<Record<Exclude<Format, 'json'>, (r: T) => string | Promise<Buffer>>>) {
    if (format === 'json') return report;
    const render = renderers[format];
    if (!render) throw new InvalidCommandError('format', 'isIn', `format must be one of json, ${Object.keys(renderers).join(', ')}`);
    void reply.header('content-type', CONTENT_TYPES[format]);
    if (format === 'xlsx') void reply.header('content-disposition', `attachment; filename="${name}.xlsx"`);
    return render(report);
  }
}
