import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../events/event';
import { CurrentActor, OptionalAuth, Roles } from '../../src/auth/auth';
import { WorkflowQueries } from '../../reports/queries/workflow-queries';
import type { CommandContext } from '../shared/command-context';
import { RequestContext } from '../shared/request-context';
import { IdPipe } from '../shared/validators';
import { CreatePlanDto, DefineGroupsDto, ReviseItemDto } from './plan.dto';
import { defineGroups, draftPlan, ExecutePlanCommand, newPlanId, PlanCommandResult, reviseItem } from './plan.handlers';
import { DatedIndicatorRevisionDto, datedIndicatorRevision, NewIndicatorDto, newIndicator, NewItemDto, newItem, PlanSettingsDto, planSettings } from './plan-growth.dto';
import { ReportQueries } from '../../reports/queries/report-queries';
import type { PlanAction } from './plan.decider';

@ApiTags('plans (実行計画)')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ReportQueries,
    private readonly workflow: WorkflowQueries,
  ) {}

  private run(planId: string, action: PlanAction, context: CommandContext): Promise<PlanCommandResult> {
    return this.commands.execute(new ExecutePlanCommand(planId, action, context));
  }

  @Post()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Draft a plan (事務局)' })
  create(@Body() dto: CreatePlanDto, @RequestContext() context: CommandContext) {
    return this.run(newPlanId(context), draftPlan(dto), context);
  }

  @Get()
  @OptionalAuth()
  @ApiOperation({ summary: 'The plans the caller may see (the public: those with a published report), each with its cycles' })
  list(@CurrentActor() actor: Actor | undefined) {
    return this.workflow.plans(actor);
  }

  @Get(':planId')
  @Roles('secretariat', 'department', 'council', 'admin')
  @ApiOperation({ summary: 'The plan: hierarchy, items, indicators' })
  get(@Param('planId', IdPipe) planId: string) {
    return this.queries.plan(planId);
  }

  @Put(':planId/groups')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Define the group registry: the codes and titles above the items (基本方針 【1】, 基本施策 ア); after adoption with a reason' })
  defineGroups(@Param('planId', IdPipe) planId: string, @Body() dto: DefineGroupsDto, @RequestContext() context: CommandContext) {
    return this.run(planId, defineGroups(dto), context);
  }

  @Post(':planId/items')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Add an item (取組事項): to a draft plan, or after adoption with a reason and effectiveFrom (the plan grows mid-period)' })
  addItem(@Param('planId', IdPipe) planId: string, @Body() dto: NewItemDto, @RequestContext() context: CommandContext) {
    return this.run(planId, newItem(dto), context);
  }

  @Post(':planId/items/:itemId/revisions')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Revise an item, with a reason' })
  reviseItem(@Param('planId', IdPipe) planId: string, @Param('itemId', IdPipe) itemId: string, @Body() dto: ReviseItemDto, @RequestContext() context: CommandContext) {
    return this.run(planId, reviseItem(itemId, dto), context);
  }

  @Post(':planId/indicators')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Define an indicator (指標) on an item, a group or the plan' })
  defineIndicator(@Param('planId', IdPipe) planId: string, @Body() dto: NewIndicatorDto, @RequestContext() context: CommandContext) {
    return this.run(planId, newIndicator(dto), context);
  }

  @Post(':planId/indicators/:indicatorId/revisions')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Revise an indicator, with a reason' })
  reviseIndicator(@Param('planId', IdPipe) planId: string, @Param('indicatorId', IdPipe) indicatorId: string, @Body() dto: DatedIndicatorRevisionDto, @RequestContext() context: CommandContext) {
    return this.run(planId, datedIndicatorRevision(indicatorId, dto), context);
  }

  @Put(':planId/settings')
  @Roles('secretariat')
  @ApiOperation({ summary: "The plan's settings: sheet rules (default | tamana) and the rating thresholds of the suggested 達成状況" })
  settings(@Param('planId', IdPipe) planId: string, @Body() dto: PlanSettingsDto, @RequestContext() context: CommandContext) {
    return this.run(planId, planSettings(dto), context);
  }

  @Post(':planId/adopt')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Adopt the plan (it takes effect)' })
  adopt(@Param('planId', IdPipe) planId: string, @RequestContext() context: CommandContext) {
    return this.run(planId, { type: 'AdoptPlan' }, context);
  }
}
