import type { Projection } from './projection';

/** The plans there are (GET /plans lists them; each plan's documents are in plan-workflow). */
export interface PlanDirectoryEntry {
  planId: string;
  draftedAt: string;
}

export const planDirectoryProjection: Projection<PlanDirectoryEntry> = {
  name: 'plan-directory',
  version: 1,
  handles: new Set(['PlanDrafted']),
  documentIds: (event) => [String(event.data.planId)],
  evolve: (doc, event) => doc ?? { planId: event.data.planId, draftedAt: event.data.at },
};
