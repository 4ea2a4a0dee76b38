/** An item's place in the plan's hierarchy, with the codes the city numbers its groups by (【1】, ア). */
import type { PlanGroup } from '../../events/plan.events';

export interface HierarchyEntry {
  /** The level's name: 基本方針, 基本施策. */
  level: string;
  /** 【1】, ア — absent when the plan's registry gives none for this group. */
  code?: string;
  title: string;
}

/** Walks the group registry along the item's path (titles, top first); a title not in the registry comes without a code. */
export function hierarchyOf(plan: { levels: string[]; groups?: PlanGroup[] }, path: string[]): HierarchyEntry[] {
  let siblings: PlanGroup[] | undefined = plan.groups;
  return path.map((title, i) => {
    const group = siblings?.find((g) => g.title === title);
    siblings = group?.groups;
    return { level: plan.levels[i] ?? '', ...(group?.code ? { code: group.code } : {}), title };
  });
}

/** "【1】 健全な行財政運営の推進", or the title alone. */
export function codedTitle(entry: { code?: string; title: string } | undefined): string {
  if (!entry) return '';
  return entry.code ? `${entry.code} ${entry.title}` : entry.title;
}
