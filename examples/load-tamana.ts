/**
 * Loads the 玉名市 example (examples/tamana/*.json) through the real HTTP API, exactly as people would:
 * the secretariat (事務局) drafts and adopts the plan, then for FY2022 and FY2023 opens the cycle, each
 * item's department (担当課) saves and submits its sheet, the secretariat reviews (one FY2023 sheet is
 * returned with a comment and resubmitted), puts the report to the council, records two opinions,
 * concludes "accepted with opinions" and publishes.
 *
 * It knows nothing of the app's internals: it gets an `http` function (supertest in the tests, fetch
 * in the demo) and a `tokens` function. Every answer that is not 2xx throws with its status and body.
 *
 * Due dates: every event is stamped with the wall-clock time of the load, not the historical time.
 * Opening FY2022 "today" with its historical due date (2023-06-30) would make the due-date job fire at
 * once, flag all 21 sheets 提出期限超過 (which the real departments were not), send 21 reminders, and
 * race the departments' first saves on the same sheet streams. So by default each cycle's due date is
 * the historical one (June 30 after the fiscal year) when that is still ahead, else 30 days after the
 * load; pass `dueDate` to choose (e.g. `(fy) => `${fy + 1}-06-30`` to watch the overdue path).
 */
import type { IndicatorValue } from '../events/plan.events';
import type { PlanWorkbookInput } from '../reports/documents/plan.workbook';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The fiscal year from which the example follows the Tamana form's sheet rules. */
const TAMANA_STRICT_FROM = 2023;

export type Role = 'department' | 'secretariat' | 'council' | 'admin';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
export type Http = (method: HttpMethod, path: string, token: string | undefined, body?: unknown) => Promise<{ status: number; body: unknown }>;
export type Tokens = (role: Role, department?: string) => string;

type RatingTexts = { progress?: string; achievement?: string };

/** examples/tamana/plan.json: the plan as POSTed, item by item and indicator by indicator (the plan workbook's shape too). */
export type TamanaPlan = PlanWorkbookInput;

export interface TamanaSheet {
  itemId: string;
  department?: string;
  progress?: string;
  achievement?: string;
  activities?: string;
  effects?: string;
  reasons?: string | RatingTexts;
  measures?: string | RatingTexts;
  actuals?: Record<string, IndicatorValue>;
  nextYear?: { issues: string; plan: string };
  implementation?: 'done' | 'partial' | 'notDone';
}

export interface TamanaData {
  dir: string;
  plan: TamanaPlan;
  sheets: Record<number, TamanaSheet[]>;
}

/** The fiscal years the example data has sheets for. */
export const TAMANA_YEARS = [2022, 2023] as const;

/**
 * The sheet the secretariat returns in FY2023, and why. The department's first draft of ③-1 leaves
 * the 取組効果 (observed effect) empty; the comment asks for it; the resubmission has it.
 * (The comment is invented for the example: the published report does not show the review.)
 */
export const TAMANA_RETURN = {
  fiscalYear: 2023,
  itemId: '3-1',
  comment: '取組効果が未記入です。寄附件数・寄附額の推移など、取組の効果が分かる実績を記載してください。',
} as const;

/** Council meetings and opinions (invented for the example; the report lists no opinions). */
export const TAMANA_COUNCILS: Record<number, { meetingDate: string; meetingName: string; opinions: { member: string; text: string }[] }> = {
  2022: {
    meetingDate: '2023-11-16',
    meetingName: '令和５年度第２回玉名市行政改革推進審議会',
    opinions: [
      { member: '委員A', text: 'ふるさと納税の寄附額が目標を下回っている。返礼品の魅力向上と経費割合の抑制を両立させてほしい。' },
      { member: '委員B', text: '時間外勤務の縮減は進んでいるが、特定の部署への業務の偏りがないか検証してほしい。' },
    ],
  },
  2023: {
    meetingDate: '2024-11-21',
    meetingName: '令和６年度第２回玉名市行政改革推進審議会',
    opinions: [
      { member: '委員A', text: '滞納繰越分の収納率が２年続けて目標を下回っている。コンビニ納付等の導入効果を検証し、滞納整理に専念できる体制を整えてほしい。' },
      { member: '委員B', text: '行政手続のオンライン化は手続数だけでなく、実際の利用件数も把握し、市民への周知を進めてほしい。' },
    ],
  },
};

/** Finds examples/tamana: beside this file (ts-jest), from dist/examples, or under the working directory. */
export function tamanaDir(explicit?: string): string {
  const candidates = [explicit, join(__dirname, 'tamana'), resolve(__dirname, '../../examples/tamana'), resolve(process.cwd(), 'examples/tamana')].filter(
    (d): d is string => !!d,
  );
  const found = candidates.find((d) => existsSync(join(d, 'plan.json')));
  if (!found) throw new Error(`Cannot find the Tamana example data (plan.json) in any of: ${candidates.join(', ')}`);
  return found;
}

export function readTamana(dir?: string): TamanaData {
  const base = tamanaDir(dir);
  const read = <T>(file: string): T => JSON.parse(readFileSync(join(base, file), 'utf8')) as T;
  return {
    dir: base,
    plan: read<TamanaPlan>('plan.json'),
    sheets: Object.fromEntries(TAMANA_YEARS.map((fy) => [fy, read<TamanaSheet[]>(`sheets-${fy}.json`)])),
  };
}

export interface LoadTamanaOptions {
  log?: (message: string) => void;
  /** Keep the default sheet rules throughout (false: the Tamana form's rules from FY2023 on, as the example does). */
  defaultSheetRules?: boolean;
  /** Due date of a cycle (YYYY-MM-DD); see the note at the top of this file. */
  dueDate?: (fiscalYear: number) => string;
  /** Called after a cycle is published, before the next one opens (the tests note the time here). */
  afterPublish?: (fiscalYear: number) => Promise<void> | void;
  /** How long to wait for the saga to mark a cycle ready for the council. */
  councilWaitMs?: number;
  dataDir?: string;
  /**
   * Sets up the plan and returns its id (not yet adopted); by default through POST /plans, …/items and
   * …/indicators. The demo's --from-workbook uploads examples/tamana/plan.xlsx to POST /plans/import instead.
   */
  createPlan?: (secretariatToken: string, data: TamanaData) => Promise<string>;
  /** How the departments do their part of a year; by default (or when it answers undefined) PUT and POST …/submit. */
  departments?: (fiscalYear: number, planId: string) => DepartmentSteps | undefined;
}

/** One department's sheet of a year, as it saves it: the content of the data file. */
export interface DraftSheet {
  itemId: string;
  department: string;
  content: Record<string, unknown>;
}

/** The departments' part of a year: save and submit every sheet, and revise the one that comes back. */
export interface DepartmentSteps {
  /** Saves and submits each sheet's first draft (the sheet that will be returned lacks its 取組効果). */
  submitAll(drafts: DraftSheet[]): Promise<void>;
  /** The returned sheet's department saves it complete and submits it again. */
  resubmit(sheet: DraftSheet): Promise<void>;
}

export interface LoadTamanaResult {
  planId: string;
  /** publishedAt of each cycle's report. */
  published: Record<number, string>;
  returned: typeof TAMANA_RETURN;
  data: TamanaData;
}

export class HttpStepError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} answered ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`);
    this.name = 'HttpStepError';
  }
}

const pick = <T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> =>
  Object.fromEntries(keys.filter((k) => source[k] !== undefined && source[k] !== null).map((k) => [k, source[k]])) as Pick<T, K>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The default due date: June 30 after the fiscal year when still ahead, else 30 days from now (UTC). */
export function defaultDueDate(fiscalYear: number, now = new Date()): string {
  const historical = `${fiscalYear + 1}-06-30`;
  const soon = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
  return historical > soon ? historical : soon;
}

export async function loadTamana(http: Http, tokens: Tokens, options: LoadTamanaOptions = {}): Promise<LoadTamanaResult> {
  const log = options.log ?? (() => undefined);
  const data = readTamana(options.dataDir);
  const { plan } = data;
  const sec = tokens('secretariat');

  const call = async <T = Record<string, unknown>>(method: HttpMethod, path: string, token: string, body?: unknown, accept: number[] = []): Promise<{ status: number; body: T }> => {
    const res = await http(method, path, token, body);
    if ((res.status < 200 || res.status > 299) && !accept.includes(res.status)) throw new HttpStepError(method, path, res.status, res.body);
    return res as { status: number; body: T };
  };

  // ── Plan ───────────────────────────────────────────────────────────────────────────────────
  const createByApi = async (): Promise<string> => {
    const created = await call<{ planId: string }>('POST', '/plans', sec, pick(plan, ['municipality', 'title', 'period', 'levels', 'groups'] as const));
    for (const item of plan.items) {
      await call('POST', `/plans/${created.body.planId}/items`, sec, pick(item, ['id', 'label', 'title', 'path', 'departments', 'situation', 'content', 'effect', 'activities', 'glossary'] as const));
    }
    for (const indicator of plan.indicators) {
      await call('POST', `/plans/${created.body.planId}/indicators`, sec, pick(indicator, ['id', 'itemId', 'group', 'name', 'unit', 'direction', 'baseline', 'target', 'targetNote', 'targets'] as const));
    }
    return created.body.planId;
  };
  const planId = options.createPlan ? await options.createPlan(sec, data) : await createByApi();
  const base = `/plans/${planId}`;
  await call('POST', `${base}/adopt`, sec);
  log(`plan ${planId}: ${plan.municipality} ${plan.title} (${plan.items.length} items, ${plan.indicators.length} indicators) adopted`);

  const itemsById = new Map(plan.items.map((i) => [i.id, i]));
  const departmentOf = (sheet: TamanaSheet) => {
    const item = itemsById.get(sheet.itemId);
    if (!item) throw new Error(`sheet for unknown item ${sheet.itemId}`);
    return sheet.department && item.departments.includes(sheet.department) ? sheet.department : item.departments[0];
  };
  const content = (sheet: TamanaSheet) =>
    pick(sheet, ['progress', 'achievement', 'activities', 'effects', 'reasons', 'measures', 'actuals', 'nextYear', 'implementation'] as const);

  /** Each department saves its sheet (PUT) and submits it, as its staff would in the API. */
  const departmentsByApi = (fy: number): DepartmentSteps => {
    const saveAndSubmit = async (sheet: DraftSheet) => {
      const dept = tokens('department', sheet.department);
      const path = `${base}/cycles/${fy}/items/${sheet.itemId}`;
      await call('PUT', path, dept, sheet.content);
      await call('POST', `${path}/submit`, dept);
    };
    return {
      submitAll: async (drafts) => {
        for (const sheet of drafts) await saveAndSubmit(sheet);
      },
      resubmit: saveAndSubmit,
    };
  };

  // ── Cycles ─────────────────────────────────────────────────────────────────────────────────
  const published: Record<number, string> = {};
  for (const fy of TAMANA_YEARS) {
    const cycle = `${base}/cycles/${fy}`;
    // The city's form (進行管理報告書 of 令和６年１２月) from the FY2023 report on: its stricter sheet rules
    // (達成状況, the actuals, 次年度の取組計画). FY2022 is entered from that report's history rows, which
    // carry no next-year plan, under the default rules.
    if (fy === TAMANA_STRICT_FROM && !options.defaultSheetRules) await call('PUT', `${base}/settings`, sec, { sheetRules: 'tamana', reason: '令和５年度の報告から玉名市の様式の記載事項を必須とする' });
    const dueDate = (options.dueDate ?? defaultDueDate)(fy);
    await call('POST', `${base}/cycles`, sec, { fiscalYear: fy, dueDate });
    const sheets = data.sheets[fy];
    let returns = 0;
    const steps = options.departments?.(fy, planId) ?? departmentsByApi(fy);
    const isReturned = (sheet: TamanaSheet) => fy === TAMANA_RETURN.fiscalYear && sheet.itemId === TAMANA_RETURN.itemId;
    const draft = (sheet: TamanaSheet, complete: boolean): DraftSheet => {
      // The sheet that will be returned is first submitted without its 取組効果.
      const { effects: _omitted, ...first } = content(sheet);
      return { itemId: sheet.itemId, department: departmentOf(sheet), content: complete || !isReturned(sheet) ? content(sheet) : first };
    };
    await steps.submitAll(sheets.map((sheet) => draft(sheet, false)));

    for (const sheet of sheets) {
      const path = `${cycle}/items/${sheet.itemId}`;
      if (isReturned(sheet)) {
        await call('POST', `${path}/return`, sec, { comment: TAMANA_RETURN.comment });
        returns++;
        await steps.resubmit(draft(sheet, true));
      }
      await call('POST', `${path}/approve`, sec);
    }
    log(`FY${fy}: cycle opened (due ${dueDate}), ${sheets.length} sheets submitted${returns ? `, ${returns} returned and resubmitted` : ''}, all approved`);

    // The saga records each approval on the cycle from the stored log; wait until it is ready.
    const council = TAMANA_COUNCILS[fy];
    const deadline = Date.now() + (options.councilWaitMs ?? 10_000);
    for (;;) {
      const res = await call('POST', `${cycle}/council`, sec, { meetingDate: council.meetingDate, meetingName: council.meetingName }, [409]);
      if (res.status !== 409) break;
      if (Date.now() > deadline) throw new HttpStepError('POST', `${cycle}/council`, res.status, res.body);
      await sleep(50);
    }
    for (const opinion of council.opinions) await call('POST', `${cycle}/council/opinions`, sec, opinion);
    await call('POST', `${cycle}/council/conclude`, sec, { resolution: 'acceptedWithOpinions' });
    await call('POST', `${cycle}/publish`, sec);
    const report = await call<{ publication?: { publishedAt: string } }>('GET', `${base}/reports/annual/${fy}`, sec);
    published[fy] = report.body.publication?.publishedAt ?? new Date().toISOString();
    log(`FY${fy}: council ${council.meetingName} (${council.opinions.length} opinions, accepted with opinions), report published ${published[fy]}`);
    await options.afterPublish?.(fy);
  }

  return { planId, published, returned: TAMANA_RETURN, data };
}
