import type { Projection } from './projection';
import { eventCountsProjection } from './event-counts.projection';
import { planWorkflowProjection } from './plan-workflow.projection';
import { reviewQueueProjection } from './review-queue.projection';
import { notificationsProjection } from './notifications.projection';
import { planDirectoryProjection } from './plan-directory.projection';

/** Every read model the runner keeps up to date. */
export const ALL_PROJECTIONS: Projection<any>[] = [planWorkflowProjection, reviewQueueProjection, notificationsProjection, eventCountsProjection, planDirectoryProjection];
