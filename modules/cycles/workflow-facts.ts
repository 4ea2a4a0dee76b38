import { Injectable } from '@nestjs/common';
import { cycleStreamId } from '../../events/cycle.events';
import { planStreamId } from '../../events/plan.events';
import { NotFoundError } from '../../src/domain/errors';
import { EventSourcedRepository } from '../shared/event-sourced-repository';
import { planDecider, type PlanState } from '../plans/plan.decider';
import { cycleDecider, type CycleState } from './cycle.decider';
import { assertDepartmentOnItem, type SheetContext } from './sheet.decider';
import type { Actor } from '../../events/event';

type ExistingPlan = Exclude<PlanState, { status: 'none' }>;

/** Reads the plan and cycle streams to give the pure deciders the facts they need on their commands. */
@Injectable()
export class WorkflowFacts {
  constructor(private readonly repository: EventSourcedRepository) {}

  async plan(planId: string): Promise<ExistingPlan> {
    const { state } = await this.repository.load(planStreamId(planId), planDecider);
    if (state.status === 'none') throw new NotFoundError('plan', planId, `Plan ${planId} not found`);
    return state;
  }

  async cycle(planId: string, fiscalYear: number): Promise<CycleState> {
    return (await this.repository.load(cycleStreamId(planId, fiscalYear), cycleDecider)).state;
  }

  /**
   * The item and cycle context of a sheet command; 404 for an unknown plan, item or cycle. A department
   * that is not on the item is refused (403) before the cycle is even looked at.
   */
  async sheetContext(planId: string, fiscalYear: number, itemId: string, actor?: Actor): Promise<SheetContext> {
    const plan = await this.plan(planId);
    const item = plan.items[itemId];
    if (!item) throw new NotFoundError('item', itemId, `Item ${itemId} is not in plan ${planId}`);
    if (actor) assertDepartmentOnItem(actor, { id: item.id, departments: item.departments, indicatorIds: [] });
    const cycle = await this.cycle(planId, fiscalYear);
    if (cycle.status === 'none') throw new NotFoundError('cycle', String(fiscalYear), `No annual cycle for fiscal year ${fiscalYear} of plan ${planId}: the secretariat opens it first`);
    return {
      item: { id: item.id, departments: item.departments, indicatorIds: plan.indicatorOrder.filter((id) => plan.indicators[id].itemId === itemId) },
      cycle: { status: cycle.status, dueDate: cycle.dueDate },
    };
  }
}
