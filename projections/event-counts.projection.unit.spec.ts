import type { AnyDomainEvent } from '../events';
import { ProjectionSpecification } from '../test/support/projection-spec';
import { eventCountsProjection } from './event-counts.projection';

const spec = ProjectionSpecification.for(eventCountsProjection);
const adopted: AnyDomainEvent = { type: 'PlanAdopted', data: { planId: 'tamana', at: '2024-04-01T00:00:00.000Z' } };
const published: AnyDomainEvent = { type: 'ReportPublished', data: { planId: 'tamana', fiscalYear: 2023, revision: 1, at: '2024-12-10T00:00:00.000Z' } };

describe('event-counts projection', () => {
  it('given nothing, when an event comes, then its type is counted once at its position', () => {
    spec.given([]).when(adopted).then({ PlanAdopted: { type: 'PlanAdopted', count: 1, lastPosition: 1 } });
  });

  it('given events of a type, when one more comes, then only that type’s count moves', () => {
    spec.given([adopted, published, adopted]).when(adopted).then({ PlanAdopted: { type: 'PlanAdopted', count: 3, lastPosition: 4 } });
  });
});
