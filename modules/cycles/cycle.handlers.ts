/**
 * The command handlers of cycles and sheets: gather the facts a decider needs from the plan and cycle
 * streams, then read the stream, fold, decide and append with the expected revision (repository).
 */
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { cycleStreamId } from '../../events/cycle.events';
import { planStreamId } from '../../events/plan.events';
import { sheetStreamId } from '../../events/sheet.events';
import { NotFoundError } from '../../src/domain/errors';
import type { CommandContext } from '../shared/command-context';
import { EventSourcedRepository } from '../shared/event-sourced-repository';
import { planDecider, type PlanState } from '../plans/plan.decider';
import { cycleDecider, type CycleAction, type CycleCommand } from './cycle.decider';
import { sheetDecider, type SheetAction, type SheetCommand } from './sheet.decider';
import { yearTarget } from './sheet-rules.validation';
import { inForce, settingsOf } from '../plans/plan-settings.validation';

export interface CommandResult {
  planId: string;
  fiscalYear: number;
  itemId?: string;
  status: string;
  revision: number;
  events: string[];
  duplicate: boolean;
}

/** Any command on a sheet, from a controller or a deadline job. */
export class ExecuteSheetCommand {
  constructor(
    readonly planId: string,
    readonly fiscalYear: number,
    readonly itemId: string,
    readonly action: SheetAction,
    readonly context: CommandContext,
  ) {}
}

/** Any command on a cycle, from a controller or a saga. */
export class ExecuteCycleCommand {
  constructor(
    readonly planId: string,
    readonly fiscalYear: number,
    readonly action: CycleAction,
    readonly context: CommandContext,
  ) {}
}

/** The plan as its stream folds now; 404 when there is none. */
async function loadPlan(repository: EventSourcedRepository, planId: string): Promise<Exclude<PlanState, { status: 'none' }>> {
  const { state } = await repository.load(planStreamId(planId), planDecider);
  if (state.status === 'none') throw new NotFoundError('plan', planId, `Plan ${planId} not found`);
  return state;
}

/** The item's indicators in force that year, with that year's target (the sheet rules and the suggested 達成状況 use them). */
function ratedIndicatorsOf(plan: Exclude<PlanState, { status: 'none' }>, itemId: string, fiscalYear: number) {
  return plan.indicatorOrder
    .map((id) => plan.indicators[id])
    .filter((i) => i.itemId === itemId && inForce(i, fiscalYear))
    .map((i) => {
      const target = yearTarget(i, fiscalYear, plan.period.to);
      return { id: i.id, name: i.name, direction: i.direction, ...(target !== undefined ? { target } : {}) };
    });
}

@CommandHandler(ExecuteSheetCommand)
export class ExecuteSheetCommandHandler implements ICommandHandler<ExecuteSheetCommand, CommandResult> {
  constructor(private readonly repository: EventSourcedRepository) {}

  /** 404 for an unknown plan or item; everything else (who may, the cycle, the sheet) is the decider's. */
  async execute({ planId, fiscalYear, itemId, action, context }: ExecuteSheetCommand): Promise<CommandResult> {
    const plan = await loadPlan(this.repository, planId);
    const item = plan.items[itemId];
    if (!item) throw new NotFoundError('item', itemId, `Item ${itemId} is not in plan ${planId}`);
    const { state: cycle } = await this.repository.load(cycleStreamId(planId, fiscalYear), cycleDecider);
    const command: SheetCommand = {
      ...action,
      planId,
      fiscalYear,
      itemId,
      actor: context.actor,
      at: context.at,
      item: { id: item.id, departments: item.departments, indicatorIds: plan.indicatorOrder.filter((id) => plan.indicators[id].itemId === itemId), indicators: ratedIndicatorsOf(plan, itemId, fiscalYear) },
      cycle: cycle.status === 'none' ? { status: 'none' } : { status: cycle.status, dueDate: cycle.dueDate },
      rules: settingsOf(plan),
    };
    const result = await this.repository.execute(sheetStreamId(planId, fiscalYear, itemId), sheetDecider, command, context);
    return { planId, fiscalYear, itemId, status: result.state.status, revision: result.revision, events: result.events.map((e) => e.type), duplicate: result.duplicate };
  }
}

@CommandHandler(ExecuteCycleCommand)
export class ExecuteCycleCommandHandler implements ICommandHandler<ExecuteCycleCommand, CommandResult> {
  constructor(private readonly repository: EventSourcedRepository) {}

  async execute({ planId, fiscalYear, action, context }: ExecuteCycleCommand): Promise<CommandResult> {
    const plan = await loadPlan(this.repository, planId);
    const command: CycleCommand = {
      ...action,
      planId,
      fiscalYear,
      actor: context.actor,
      at: context.at,
      plan: { status: plan.status, period: plan.period, itemIds: plan.itemOrder.filter((id) => inForce(plan.items[id], fiscalYear)), indicatorIds: plan.indicatorOrder.filter((id) => !plan.indicators[id].itemId) },
    };
    const result = await this.repository.execute(cycleStreamId(planId, fiscalYear), cycleDecider, command, context);
    return { planId, fiscalYear, status: result.state.status, revision: result.revision, events: result.events.map((e) => e.type), duplicate: result.duplicate };
  }
}
