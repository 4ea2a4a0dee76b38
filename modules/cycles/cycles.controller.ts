import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../events/event';
import { CurrentActor, Roles } from '../../src/auth/auth';
import { WorkflowQueries } from '../../reports/queries/workflow-queries';
import { CycleAsOfQueryDto, ReopenSheetDto, WithdrawSheetDto } from './cycle-query.dto';
import type { CommandContext } from '../shared/command-context';
import { RequestContext } from '../shared/request-context';
import { InvalidCommandError } from '../../src/domain/errors';
import { FiscalYearPipe, IdPipe } from '../shared/validators';
import {
  ConcludeCouncilDto, CouncilOpinionDto, IndicatorActualDto, OpenCycleDto, ReturnSheetDto, ReviseReportDto, SaveSheetRequestDto, ScheduleCouncilDto, sheetContentOf,
} from './cycle.dto';
import type { CycleAction } from './cycle.decider';
import type { ReportCorrection } from '../../events/cycle.events';
import { validateCorrection, validateRevision } from './cycle.validation';
import { CommandResult, ExecuteCycleCommand, ExecuteSheetCommand } from './cycle.handlers';
import { isDueDatePast } from './sagas/workflow.sagas';
import type { SheetAction } from './sheet.decider';

@ApiTags('cycles (年度の進行管理)')
@ApiBearerAuth()
@Controller('plans/:planId/cycles')
export class CyclesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly workflow: WorkflowQueries,
  ) {}

  private sheet(planId: string, fy: number, itemId: string, action: SheetAction, context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new ExecuteSheetCommand(planId, fy, itemId, action, context));
  }

  private cycle(planId: string, fy: number, action: CycleAction, context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new ExecuteCycleCommand(planId, fy, action, context));
  }

  @Get()
  @Roles('secretariat', 'department', 'council', 'admin')
  @ApiOperation({ summary: "The plan's cycles: state, due date, counts of sheets per state (?asOf= as it stood then)" })
  list(@Param('planId', IdPipe) planId: string, @Query() query: CycleAsOfQueryDto) {
    return this.workflow.cycles(planId, query);
  }

  @Get(':fy')
  @Roles('secretariat', 'department', 'council', 'admin')
  @ApiOperation({ summary: "One cycle: state, due date, each sheet's state (a department: its own items), counts per state and department, what the caller may do" })
  one(@Param('planId', IdPipe) planId: string, @Param('fy', FiscalYearPipe) fy: number, @Query() query: CycleAsOfQueryDto, @CurrentActor() actor: Actor) {
    return this.workflow.cycle(planId, fy, actor, query);
  }

  @Get(':fy/items/:itemId')
  @Roles('secretariat', 'department', 'council', 'admin')
  @ApiOperation({ summary: "One sheet: draft, state, history, last year's sheet, changes since the last submission, suggested 達成状況, sheet rules, what the caller may do (403 for another department)" })
  sheetView(
    @Param('planId', IdPipe) planId: string,
    @Param('fy', FiscalYearPipe) fy: number,
    @Param('itemId', IdPipe) itemId: string,
    @Query() query: CycleAsOfQueryDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.workflow.sheet(planId, fy, itemId, actor, query);
  }

  @Post()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Open the annual cycle for a fiscal year, with its due date (事務局)' })
  async open(@Param('planId', IdPipe) planId: string, @Body() dto: OpenCycleDto, @RequestContext() context: CommandContext) {
    const result = await this.cycle(planId, dto.fiscalYear, { type: 'OpenCycle', dueDate: dto.dueDate }, context);
    // Accepted (a city entering an earlier year's cycle), but said: no overdue reminders go out for a date already past.
    if (!isDueDatePast(dto.dueDate, context.at)) return result;
    const message = `提出期限（${dto.dueDate}）は既に過ぎています。照会は開始しましたが、この期限による督促（期限超過の通知）は送信しません。`;
    return { ...result, warnings: [{ code: 'dueDatePast', field: 'dueDate', message, messageEn: `The due date ${dto.dueDate} has already passed: the cycle is open, and no overdue reminders are sent for that date.` }] };
  }

  @Put(':fy/items/:itemId')
  @Roles('department')
  @ApiOperation({ summary: "Save the whole draft sheet of an item: every field left out is cleared (the item's 担当課 only; If-Match or expectedRevision → 409 with the current draft)" })
  save(
    @Param('planId', IdPipe) planId: string,
    @Param('fy', FiscalYearPipe) fy: number,
    @Param('itemId', IdPipe) itemId: string,
    @Body() dto: SaveSheetRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @RequestContext() context: CommandContext,
  ) {
    return this.sheet(planId, fy, itemId, { type: 'SaveSheet', mode: 'replace', content: sheetContentOf(dto) }, withExpectedRevision(context, ifMatch, dto.expectedRevision));
  }

  @Patch(':fy/items/:itemId')
  @Roles('department')
  @ApiOperation({ summary: "Change only the named fields of the draft sheet (null clears one; If-Match or expectedRevision → 409 with the current draft)" })
  patch(
    @Param('planId', IdPipe) planId: string,
    @Param('fy', FiscalYearPipe) fy: number,
    @Param('itemId', IdPipe) itemId: string,
    @Body() dto: SaveSheetRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @RequestContext() context: CommandContext,
  ) {
    return this.sheet(planId, fy, itemId, { type: 'SaveSheet', mode: 'patch', content: sheetContentOf(dto) }, withExpectedRevision(context, ifMatch, dto.expectedRevision));
  }

  @Post(':fy/items/:itemId/submit')
  @HttpCode(200)
  @Roles('department')
  @ApiOperation({ summary: 'Submit the sheet for review (提出)' })
  submit(@Param('planId', IdPipe) planId: string, @Param('fy', FiscalYearPipe) fy: number, @Param('itemId', IdPipe) itemId: string, @RequestContext() context: CommandContext) {
    return this.sheet(planId, fy, itemId, { type: 'SubmitSheet' }, context);
  }

  @Post(':fy/items/:itemId/approve')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Approve a submitted sheet (承認)' })
  approve(@Param('planId', IdPipe) planId: string, @Param('fy', FiscalYearPipe) fy: number, @Param('itemId', IdPipe) itemId: string, @RequestContext() context: CommandContext) {
    return this.sheet(planId, fy, itemId, { type: 'ApproveSheet' }, context);
  }

  @Post(':fy/items/:itemId/return')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Return a submitted sheet with comments (差戻し)' })
  returnSheet(
    @Param('planId', IdPipe) planId: string,
    @Param('fy', FiscalYearPipe) fy: number,
    @Param('itemId', IdPipe) itemId: string,
    @Body() dto: ReturnSheetDto,
    @RequestContext() context: CommandContext,
  ) {
    return this.sheet(planId, fy, itemId, { type: 'ReturnSheet', comment: dto.comment }, context);
  }

  @Post(':fy/items/:itemId/withdraw')
  @HttpCode(200)
  @Roles('department')
  @ApiOperation({ summary: 'Withdraw a submission before the secretariat reviews it (提出の取下げ; the item’s 担当課)' })
  withdraw(
    @Param('planId', IdPipe) planId: string,
    @Param('fy', FiscalYearPipe) fy: number,
    @Param('itemId', IdPipe) itemId: string,
    @Body() dto: WithdrawSheetDto,
    @RequestContext() context: CommandContext,
  ) {
    return this.sheet(planId, fy, itemId, { type: 'WithdrawSheet', ...(dto.comment !== undefined ? { comment: dto.comment } : {}) }, context);
  }

  @Post(':fy/items/:itemId/reopen')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Reopen an approved sheet before the report goes to the council (承認の取消し), with a comment' })
  reopen(
    @Param('planId', IdPipe) planId: string,
    @Param('fy', FiscalYearPipe) fy: number,
    @Param('itemId', IdPipe) itemId: string,
    @Body() dto: ReopenSheetDto,
    @RequestContext() context: CommandContext,
  ) {
    return this.sheet(planId, fy, itemId, { type: 'ReopenSheet', comment: dto.comment }, context);
  }

  @Put(':fy/indicators/:indicatorId')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Record the actual of a plan- or group-level indicator' })
  indicatorActual(
    @Param('planId', IdPipe) planId: string,
    @Param('fy', FiscalYearPipe) fy: number,
    @Param('indicatorId', IdPipe) indicatorId: string,
    @Body() dto: IndicatorActualDto,
    @RequestContext() context: CommandContext,
  ) {
    return this.cycle(planId, fy, { type: 'RecordIndicatorActual', indicatorId, actual: dto.actual }, context);
  }

  @Post(':fy/council')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Put the compiled report to the council (every sheet approved)' })
  council(@Param('planId', IdPipe) planId: string, @Param('fy', FiscalYearPipe) fy: number, @Body() dto: ScheduleCouncilDto, @RequestContext() context: CommandContext) {
    return this.cycle(planId, fy, { type: 'ScheduleCouncil', meetingDate: dto.meetingDate, meetingName: dto.meetingName }, context);
  }

  @Post(':fy/council/opinions')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: "Record a council member's opinion" })
  opinion(@Param('planId', IdPipe) planId: string, @Param('fy', FiscalYearPipe) fy: number, @Body() dto: CouncilOpinionDto, @RequestContext() context: CommandContext) {
    return this.cycle(planId, fy, { type: 'RecordOpinion', text: dto.text, ...(dto.member ? { member: dto.member } : {}) }, context);
  }

  @Post(':fy/council/conclude')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Conclude the deliberation: accepted, accepted with opinions, or sent back' })
  conclude(@Param('planId', IdPipe) planId: string, @Param('fy', FiscalYearPipe) fy: number, @Body() dto: ConcludeCouncilDto, @RequestContext() context: CommandContext) {
    return this.cycle(planId, fy, { type: 'ConcludeCouncil', resolution: dto.resolution }, context);
  }

  @Post(':fy/publish')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Publish the report (公表), after an accepting conclusion' })
  publish(@Param('planId', IdPipe) planId: string, @Param('fy', FiscalYearPipe) fy: number, @RequestContext() context: CommandContext) {
    return this.cycle(planId, fy, { type: 'PublishReport' }, context);
  }

  @Post(':fy/revisions')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Correct a published report: a new, visible revision (never an edit)' })
  revise(@Param('planId', IdPipe) planId: string, @Param('fy', FiscalYearPipe) fy: number, @Body() dto: ReviseReportDto, @RequestContext() context: CommandContext) {
    const corrections = dto.corrections.map((c) => ({
      itemId: c.itemId,
      changes: (c.changes ? sheetContentOf(c.changes) : {}) as ReportCorrection['changes'],
      ...(c.texts ? { texts: Object.fromEntries(Object.entries(c.texts).filter(([, v]) => v !== undefined)) } : {}),
    }));
    // What a correction must name is checked at the edge too (400 before any state is read), and again by the decider.
    validateRevision(dto.reason, corrections, dto.indicatorActuals ?? {});
    corrections.forEach((c, i) => validateCorrection(c, i));
    return this.cycle(planId, fy, { type: 'ReviseReport', reason: dto.reason, corrections, ...(dto.indicatorActuals ? { indicatorActuals: dto.indicatorActuals } : {}) }, context);
  }
}

/** The revision the caller last saw, from If-Match (`5`, `"5"` or `W/"5"`) or the body; both given must agree. */
function withExpectedRevision(context: CommandContext, ifMatch: string | undefined, bodyRevision: number | undefined): CommandContext {
  let header: number | undefined;
  if (ifMatch !== undefined && ifMatch.trim() !== '*') {
    const match = /^\s*(?:W\/)?"?(-?\d{1,15})"?\s*$/.exec(ifMatch);
    if (!match) {
      throw new InvalidCommandError('If-Match', 'revision', `If-Match はシートのリビジョン（数字、例: "3"）で指定してください。`, 'If-Match must be the sheet revision, a number such as "3".');
    }
    header = Number(match[1]);
  }
  if (header !== undefined && bodyRevision !== undefined && header !== bodyRevision) {
    throw new InvalidCommandError('expectedRevision', 'matchesIfMatch', `If-Match（${header}）と expectedRevision（${bodyRevision}）が食い違っています。`, `If-Match (${header}) and expectedRevision (${bodyRevision}) disagree.`);
  }
  const expectedRevision = header ?? bodyRevision;
  return expectedRevision === undefined ? context : { ...context, expectedRevision };
}
