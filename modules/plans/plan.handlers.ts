import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { planStreamId } from '../../events/plan.events';
import type { CommandContext } from '../shared/command-context';
import { EventSourcedRepository } from '../shared/event-sourced-repository';
import { deterministicUuid } from '../shared/event-sourced-repository';
import { planDecider, type PlanAction, type PlanCommand, type PlanState } from './plan.decider';
import type { AddItemDto, CreatePlanDto, DefineGroupsDto, DefineIndicatorDto, ReviseIndicatorDto, ReviseItemDto } from './plan.dto';
import { randomUUID } from 'node:crypto';

/** Any command on the plan aggregate: read the stream, fold, decide, append. */
export class ExecutePlanCommand {
  constructor(
    readonly planId: string,
    readonly action: PlanAction,
    readonly context: CommandContext,
  ) {}
}

export interface PlanCommandResult {
  planId: string;
  status: PlanState['status'];
  revision: number;
  events: string[];
  duplicate: boolean;
}

@CommandHandler(ExecutePlanCommand)
export class ExecutePlanCommandHandler implements ICommandHandler<ExecutePlanCommand, PlanCommandResult> {
  constructor(private readonly repository: EventSourcedRepository) {}

  async execute({ planId, action, context }: ExecutePlanCommand): Promise<PlanCommandResult> {
    const command: PlanCommand = { ...action, planId, actor: context.actor, at: context.at };
    const result = await this.repository.execute(planStreamId(planId), planDecider, command, context);
    return { planId, status: result.state.status, revision: result.revision, events: result.events.map((e) => e.type), duplicate: result.duplicate };
  }
}

/** A new plan gets a fresh id; with an Idempotency-Key the id is derived from it, so a retry finds the same plan. */
export function newPlanId(context: CommandContext): string {
  return context.idempotencyKey ? deterministicUuid(`plan\u0000${context.actor.sub}\u0000${context.idempotencyKey}`) : randomUUID();
}

export const draftPlan = (dto: CreatePlanDto): PlanAction => ({
  type: 'DraftPlan',
  municipality: dto.municipality,
  title: dto.title,
  period: { from: dto.period.from, to: dto.period.to },
  levels: dto.levels,
  ...(dto.groups ? { groups: dto.groups } : {}),
});
export const defineGroups = (dto: DefineGroupsDto): PlanAction => ({ type: 'DefineGroups', groups: dto.groups, ...(dto.reason !== undefined ? { reason: dto.reason } : {}) });
export const addItem = (dto: AddItemDto): PlanAction => ({ type: 'AddItem', item: { ...dto } });
export const defineIndicator = (dto: DefineIndicatorDto): PlanAction => ({ type: 'DefineIndicator', indicator: { ...dto } });
export const reviseItem = (itemId: string, dto: ReviseItemDto): PlanAction => ({ type: 'ReviseItem', itemId, changes: { ...dto.changes }, reason: dto.reason });
export const reviseIndicator = (indicatorId: string, dto: ReviseIndicatorDto): PlanAction => ({ type: 'ReviseIndicator', indicatorId, changes: { ...dto.changes }, reason: dto.reason });
