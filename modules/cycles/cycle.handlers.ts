import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { sheetSavedV1toV2 } from '../../events/upcasters';
import { cycleStreamId } from '../../events/cycle.events';
import { sheetStreamId } from '../../events/sheet.events';
import type { CommandContext } from '../shared/command-context';
import { EventSourcedRepository } from '../shared/event-sourced-repository';
import { cycleDecider, type CycleCommand } from './cycle.decider';
import { sheetDecider, type SheetCommand, type SheetContentInput } from './sheet.decider';
import { WorkflowFacts } from './workflow-facts';
import type { SaveSheetDto } from './cycle.dto';

type Distribute<T, K extends keyof any> = T extends unknown ? Omit<T, K> : never;
export type SheetCommandInput = Distribute<SheetCommand, 'actor' | 'at' | 'planId' | 'fiscalYear' | 'itemId' | 'item' | 'cycle'>;
export type CycleCommandInput = Distribute<CycleCommand, 'actor' | 'at' | 'planId' | 'fiscalYear'>;

export interface CommandResult {
  planId: string;
  fiscalYear: number;
  itemId?: string;
  status: string;
  revision: number;
  events: string[];
  duplicate: boolean;
}

/** Any command on a sheet: gather the item and cycle facts, then read, fold, decide, append. */
export class ExecuteSheetCommand {
  constructor(
    readonly planId: string,
    readonly fiscalYear: number,
    readonly itemId: string,
    readonly command: SheetCommandInput,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ExecuteSheetCommand)
export class ExecuteSheetCommandHandler implements ICommandHandler<ExecuteSheetCommand, CommandResult> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly facts: WorkflowFacts,
  ) {}

  async execute({ planId, fiscalYear, itemId, command, context }: ExecuteSheetCommand): Promise<CommandResult> {
    const sheetContext = await this.facts.sheetContext(planId, fiscalYear, itemId, context.actor);
    const result = await this.repository.execute(
      sheetStreamId(planId, fiscalYear, itemId),
      sheetDecider,
      { ...command, ...sheetContext, planId, fiscalYear, itemId, actor: context.actor, at: context.at } as SheetCommand,
      context,
    );
    return { planId, fiscalYear, itemId, status: result.state.status, revision: result.revision, events: result.events.map((e) => e.type), duplicate: result.duplicate };
  }
}

/** Any command on a cycle; opening and plan-level actuals need facts from the plan. */
export class ExecuteCycleCommand {
  constructor(
    readonly planId: string,
    readonly fiscalYear: number,
    readonly command: CycleCommandInput | { type: 'OpenCycle'; dueDate: string } | { type: 'RecordIndicatorActual'; indicatorId: string; actual: number | string },
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ExecuteCycleCommand)
export class ExecuteCycleCommandHandler implements ICommandHandler<ExecuteCycleCommand, CommandResult> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly facts: WorkflowFacts,
  ) {}

  async execute({ planId, fiscalYear, command, context }: ExecuteCycleCommand): Promise<CommandResult> {
    const plan = await this.facts.plan(planId);
    const withFacts =
      command.type === 'OpenCycle'
        ? { ...command, plan: { status: plan.status, period: plan.period, itemIds: plan.itemOrder } }
        : command.type === 'RecordIndicatorActual'
          ? { ...command, plan: { indicatorIds: plan.indicatorOrder.filter((id) => !plan.indicators[id].itemId) } }
          : command;
    const result = await this.repository.execute(
      cycleStreamId(planId, fiscalYear),
      cycleDecider,
      { ...withFacts, planId, fiscalYear, actor: context.actor, at: context.at } as CycleCommand,
      context,
    );
    return { planId, fiscalYear, status: result.state.status, revision: result.revision, events: result.events.map((e) => e.type), duplicate: result.duplicate };
  }
}

/** The HTTP body of a sheet to the decider's content: a plain-text reason or measure goes to the rating(s) that need it. */
export function toSheetContent(dto: SaveSheetDto): SheetContentInput {
  const { reasons, measures, ...rest } = dto;
  const content: SheetContentInput = { ...rest };
  if (typeof reasons === 'string' || typeof measures === 'string') {
    const spread = sheetSavedV1toV2({
      content: {
        ...rest,
        activities: rest.activities ?? '',
        actuals: {},
        ...(typeof reasons === 'string' ? { reason: reasons } : {}),
        ...(typeof measures === 'string' ? { measure: measures } : {}),
      },
    }).content;
    content.reasons = typeof reasons === 'string' ? spread.reasons : reasons;
    content.measures = typeof measures === 'string' ? spread.measures : measures;
  } else {
    if (reasons) content.reasons = reasons;
    if (measures) content.measures = measures;
  }
  return content;
}
