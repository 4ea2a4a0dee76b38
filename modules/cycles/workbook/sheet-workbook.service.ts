/**
 * The department's Excel round trip.
 *
 * Export: the plan's fixed parts and the year's history come from the read model (as the report shows
 * them); each sheet's draft, status and revision come from its own stream, read at the moment of the
 * export, so the revision written into the file is exactly the state shown in it.
 *
 * Import, all or nothing, in this order:
 *   1. the file is opened within the upload limits (src/workbook/safe-workbook.ts) — else 400;
 *   2. every sheet must be an item of the uploader's department — else 403, naming the sheets;
 *   3. every input cell is read and checked (sheet-workbook.parser.ts), and every readable sheet's save
 *      (and, with ?submit=true, its submission) is decided by the real command handler in a dry run —
 *      the same rules as the HTTP API — collecting every error — else 400 with the list, cell by cell;
 *   4. a sheet whose stream changed since its export (saved, submitted, returned or approved through
 *      another way than this workbook) or whose item changed in the plan is a conflict — else 409 with
 *      the sheets and what changed. The whole upload is refused: a department expects its workbook to
 *      go in whole or not at all, with one list of what to do.
 *   5. each sheet is saved (and submitted) through the CommandBus, as the department would through
 *      PUT …/items/:itemId, with the importer as actor, the file's SHA-256 in the events' metadata, an
 *      idempotency key from the hash and the sheet, and the revision checked at step 4 as the expected
 *      revision: a write that slips in between steps 4 and 5 is a conflict, never overwritten.
 * The same file uploaded again appends nothing: its sheets find their own events (by hash) and are
 * skipped. Changes appended since the export by earlier uploads of the same export (the department
 * fixing and re-uploading its copy) are not conflicts.
 */
import { ForbiddenException, HttpException, HttpStatus, Inject, Injectable, NotFoundException, BadRequestException } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { createHash, randomUUID } from 'node:crypto';
import type { Actor, EventSource } from '../../../events/event';
import { planStreamId } from '../../../events/plan.events';
import { sheetStreamId, type SheetContent, type SheetEvent } from '../../../events/sheet.events';
import { SHEET_STATUS_LABELS } from '../../../events/vocabulary';
import { buildAnnualReport } from '../../../reports/content/annual-report';
import { sheetKey } from '../../../reports/content/plan-snapshot';
import { sheetFormWorkbook, type SheetFormItem } from '../../../reports/documents/sheet-form.workbook';
import { ReportReader } from '../../../reports/queries/report-reader';
import { renderXlsx } from '../../../reports/render/xlsx';
import { SETTINGS, type Settings } from '../../../src/config/settings';
import { ForbiddenActionError, IllegalTransitionError, IncompleteSheetError, InvalidCommandError, NotFoundError, RevisionConflictError } from '../../../src/domain/errors';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore, type StoredEvent } from '../../../src/event-store/event-store.port';
import { openWorkbook, WorkbookFileError } from '../../../src/workbook/safe-workbook';
import { cellError, type WorkbookCellError } from '../../../src/workbook/workbook-errors';
import { dateTimeLong } from '../../../reports/format/wareki';
import { DryRun, type CommandContext } from '../../shared/command-context';
import { EventSourcedRepository } from '../../shared/event-sourced-repository';
import { planDecider, type PlanState } from '../../plans/plan.decider';
import { ExecuteSheetCommand, type CommandResult } from '../cycle.handlers';
import { sheetDecider, type SheetAction, type SheetState } from '../sheet.decider';
import { cellOfField, parseSheetWorkbook, type ParsedSheet } from './sheet-workbook.parser';

export interface ExportedWorkbook {
  body: Buffer;
  fileName: string;
}

/** What became of one sheet of an upload. */
export interface ImportedSheet {
  sheet: string;
  itemId: string;
  /**
   * saved: a new draft; unchanged: the same content as stored (nothing saved); duplicate: this file was
   * imported before; skipped: left as exported while the sheet changed elsewhere, or empty and never saved.
   */
  outcome: 'saved' | 'unchanged' | 'duplicate' | 'skipped';
  submitted: boolean;
  status: string;
  revision: number;
  events: string[];
}

export interface ImportResult {
  planId: string;
  fiscalYear: number;
  sha256: string;
  sheets: ImportedSheet[];
  /** Events appended by this upload (0 for a repeated upload). */
  appended: number;
}

/** A sheet that changed since its export: what changed, in Japanese. */
export interface SheetConflict {
  sheet: string;
  itemId: string;
  exportedRevision: number;
  currentRevision: number;
  code: 'changedSinceExport' | 'illegalState';
  message: string;
  changes: string[];
}

type ExistingPlan = Exclude<PlanState, { status: 'none' }>;

/** Steps of a sheet's stream that do not change what the department wrote: not conflicts. */
const NOT_A_CHANGE = new Set(['SheetOverdue', 'SheetReminderSent']);

const EVENT_WORDS: Record<string, string> = {
  SheetSaved: '下書きを保存',
  SheetSubmitted: '提出',
  SheetReturned: '差戻し',
  SheetApproved: '承認',
};

const FIELD_WORDS: Record<string, string> = {
  activities: '取組実績',
  effects: '取組効果',
  progress: '進捗状況',
  achievement: '達成状況',
  reasons: '理由・要因',
  measures: '方策',
  actuals: '指標の実績',
  nextYear: '次年度の取組計画',
  implementation: '実施状況',
};

@Injectable()
export class SheetWorkbookService {
  constructor(
    private readonly commands: CommandBus,
    private readonly repository: EventSourcedRepository,
    private readonly reader: ReportReader,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  // ───────────────────────────── export ─────────────────────────────

  /** A department's own items; the secretariat any department's, or all items without one. */
  async export(planId: string, fiscalYear: number, actor: Actor, department: string | undefined, at: string): Promise<ExportedWorkbook> {
    if (actor.role === 'department') {
      if (department !== undefined && department !== actor.department) {
        throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', code: 'otherDepartment', message: `${actor.department ?? '担当課'}の方は自課のブックだけを書き出せます（「${department}」は指定できません）。` });
      }
      department = actor.department;
    }
    const plan = await this.loadPlan(planId);
    const snapshot = await this.reader.current(planId);
    if (!snapshot.cycles.has(fiscalYear)) {
      throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'cycleNotFound', message: `${fiscalYear}年度の進行管理はまだ始まっていません（事務局が年度を開始すると書き出せます）。` });
    }
    const report = buildAnnualReport(snapshot, fiscalYear);
    const items = report.items.filter((item) => !department || item.departments.includes(department));
    if (items.length === 0) {
      throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'noItems', message: `「${department}」が担当する取組事項はこの計画にありません。` });
    }
    const entries: SheetFormItem[] = [];
    for (const item of items) {
      const { state, revision } = await this.repository.load(sheetStreamId(planId, fiscalYear, item.id), sheetDecider);
      const previous = snapshot.sheets.get(sheetKey(fiscalYear - 1, item.id))?.nextYear;
      entries.push({
        item,
        revision,
        status: state.status,
        ...(state.status !== 'notStarted' ? { content: state.content } : {}),
        ...(previous ? { previousPlan: previous } : {}),
        returns: state.returns.map((r) => ({ comment: r.comment, at: r.at })),
      });
    }
    const body = await renderXlsx(
      sheetFormWorkbook({ report: { ...report, items }, items: entries, ...(department ? { department } : {}), exportId: randomUUID(), exportedAt: at, planRevision: plan.revision }),
    );
    return { body, fileName: `sheets-${fiscalYear}${department ? `-${department}` : ''}.xlsx` };
  }

  // ───────────────────────────── import ─────────────────────────────

  async import(planId: string, fiscalYear: number, file: Buffer, context: CommandContext, options: { submit: boolean }): Promise<ImportResult> {
    const actor = context.actor;
    const sha256 = createHash('sha256').update(file).digest('hex');
    const plan = await this.loadPlan(planId);
    const workbook = await openWorkbook(file, this.settings.workbook).catch((error: unknown) => {
      if (error instanceof WorkbookFileError) throw rejected(400, error.code, error.message, [cellError(undefined, undefined, error.code, error.message)]);
      throw error;
    });
    const parsed = parseSheetWorkbook(workbook, {
      planId,
      fiscalYear,
      items: Object.fromEntries(Object.values(plan.state.items).map((i) => [i.id, { label: i.label, departments: i.departments }])),
      indicators: plan.state.indicators,
    });

    // 2. Only the department's own items (checked before anything about their content).
    const foreign = parsed.sheets.filter((s) => !actor.department || !plan.state.items[s.itemId].departments.includes(actor.department));
    if (foreign.length) {
      const errors = foreign.map((s) => cellError(s.sheet, undefined, 'otherDepartment', `取組事項「${plan.state.items[s.itemId].label}」は${plan.state.items[s.itemId].departments.join('、')}の担当です（${actor.department ?? '担当課'}の取組事項ではありません）。`));
      throw rejected(403, 'otherDepartment', `このブックには${actor.department ?? '担当課'}の担当ではない取組事項のシートが ${foreign.length} 枚あります。何も取り込んでいません。`, errors);
    }

    // 3 and 4. Conflicts since the export, and a dry run of every command.
    const source = (sheet: ParsedSheet): EventSource => ({ kind: 'workbook', sha256, sheet: sheet.sheet, ...(parsed.exportId ? { exportId: parsed.exportId } : {}) });
    const planChanges = await this.planChangesSince(planId, parsed.planRevision);
    const plans: SheetPlan[] = [];
    const conflicts: SheetConflict[] = [];
    for (const sheet of parsed.sheets) {
      const stream = sheetStreamId(planId, fiscalYear, sheet.itemId);
      const stored = await this.store.readStream(stream);
      const revision = stored.length ? stored[stored.length - 1].revision : -1;
      const current = foldSheet(stored);
      const since = stored.filter((e) => e.revision > sheet.revision);
      const mine = since.filter((e) => e.metadata.source?.sha256 === sha256);
      const elsewhere = since.filter((e) => !NOT_A_CHANGE.has(e.type) && !(parsed.exportId && e.metadata.source?.exportId === parsed.exportId));
      const itemChanges = planChanges.filter((c) => c.itemId === sheet.itemId || (c.indicatorId !== undefined && plan.state.indicators[c.indicatorId]?.itemId === sheet.itemId));
      const changedElsewhere = elsewhere.length > 0 || itemChanges.length > 0;
      // A sheet left as it was exported brings nothing: it is never a conflict, and is only submitted when asked.
      const untouched = sameContent(contentOf(foldSheet(stored.filter((e) => e.revision <= sheet.revision))), sheet.content);
      const base = { sheet, stream, revision, status: current.status };
      const submittable = options.submit && !mine.some((e) => e.type === 'SheetSubmitted') && (current.status === 'draft' || current.status === 'returned');
      if (untouched) {
        const skipped = changedElsewhere || current.status === 'notStarted';
        plans.push({ ...base, save: false, submit: !skipped && submittable, outcome: skipped ? 'skipped' : mine.length ? 'duplicate' : 'unchanged' });
        continue;
      }
      if (changedElsewhere) {
        const changes = [...(await this.describeSheetChanges(stored, elsewhere)), ...itemChanges.map((c) => c.text)];
        conflicts.push({
          sheet: sheet.sheet,
          itemId: sheet.itemId,
          exportedRevision: sheet.revision,
          currentRevision: revision,
          code: 'changedSinceExport',
          message: `${sheet.sheet}: 書き出した後にシステム上で変更されています（${changes.join('／')}）。最新のブックを書き出し、入力し直してください。`,
          changes,
        });
        continue;
      }
      const save = !mine.some((e) => e.type === 'SheetSaved') && !sameContent(contentOf(current), sheet.content);
      const submit = options.submit && !mine.some((e) => e.type === 'SheetSubmitted') && current.status !== 'submitted' && current.status !== 'approved';
      plans.push({ ...base, save, submit, outcome: save ? 'saved' : mine.length ? 'duplicate' : 'unchanged' });
    }
    // The sheets whose cells were all readable go through the dry run even when others were not, so
    // the department gets every error of the workbook in one list.
    const dryRun = new DryRun();
    const errors: WorkbookCellError[] = [...parsed.errors];
    for (const step of plans) {
      for (const action of actionsOf(step)) {
        try {
          await this.execute(planId, fiscalYear, step, action, { ...context, dryRun, expectedRevision: step.revision, source: source(step.sheet) });
        } catch (error) {
          // A submit missing several fields: each one at its cell.
          for (const one of error instanceof IncompleteSheetError ? error.missing.map((m) => new InvalidCommandError(m.field, m.rule, m.message)) : [error]) {
            const refusal = this.refusal(step, action, one);
            if (refusal.kind === 'error') errors.push(refusal.error);
            else conflicts.push(refusal.conflict);
          }
          break;
        }
      }
    }
    if (errors.length) throw invalid(errors, conflicts);
    if (conflicts.length) {
      throw rejected(409, 'conflict', `${conflicts.length} 枚のシートが書き出した後に変更されているため、このブックは取り込めません。何も取り込んでいません。`, [], { conflicts });
    }

    // 5. Apply, sheet by sheet, through the same command path as PUT …/items/:itemId.
    const results: ImportedSheet[] = [];
    let appended = 0;
    for (const step of plans) {
      let revision = step.revision;
      let status: string = step.status;
      const events: string[] = [];
      for (const action of actionsOf(step)) {
        try {
          const result = await this.execute(planId, fiscalYear, step, action, {
            ...context,
            idempotencyKey: `workbook:${sha256}:${step.sheet.itemId}:${action.type}`,
            expectedRevision: revision,
            source: source(step.sheet),
          });
          revision = result.revision;
          status = result.status;
          events.push(...result.events);
          if (!result.duplicate) appended += result.events.length;
        } catch (error) {
          // Only a write racing this upload gets here (step 4 checked the rest): say what went in and what did not.
          const applied = results.filter((r) => r.events.length > 0).map((r) => r.sheet);
          const refusal = this.refusal(step, action, error);
          const detail = refusal.kind === 'error' ? refusal.error.message : refusal.conflict.message;
          throw rejected(409, 'conflict', `取り込みの途中で${step.sheet.sheet}が同時に変更されました（${detail}）。${applied.length ? `${applied.join('、')}は取り込み済みです。` : '何も取り込んでいません。'}最新のブックを書き出してやり直してください。`, [], { applied });
        }
      }
      results.push({
        sheet: step.sheet.sheet,
        itemId: step.sheet.itemId,
        outcome: step.outcome,
        submitted: events.includes('SheetSubmitted'),
        status,
        revision,
        events,
      });
    }
    return { planId, fiscalYear, sha256, sheets: results, appended };
  }

  private execute(planId: string, fiscalYear: number, step: SheetPlan, action: SheetAction, context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new ExecuteSheetCommand(planId, fiscalYear, step.sheet.itemId, action, context));
  }

  /** A refusal of the decider (or the store) for one sheet, as a cell error or a conflict. */
  private refusal(step: SheetPlan, action: SheetAction, error: unknown): { kind: 'error'; error: WorkbookCellError } | { kind: 'conflict'; conflict: SheetConflict } {
    const sheet = step.sheet;
    if (error instanceof InvalidCommandError) {
      return { kind: 'error', error: cellError(sheet.sheet, cellOfField(sheet, error.field), error.rule, error.message, error.field) };
    }
    const stale = error instanceof WrongExpectedRevisionError || error instanceof RevisionConflictError;
    if (error instanceof IllegalTransitionError || stale) {
      const state = error instanceof IllegalTransitionError ? error.currentState : undefined;
      const label = state && state in SHEET_STATUS_LABELS ? SHEET_STATUS_LABELS[state as keyof typeof SHEET_STATUS_LABELS] : undefined;
      const message =
        stale
          ? `${sheet.sheet}: 取り込みと同時にシステム上で変更されました。最新のブックを書き出してやり直してください。`
          : label
            ? `${sheet.sheet}: シートは「${label}」のため${action.type === 'SubmitSheet' ? '提出' : '保存'}できません。`
            : `${sheet.sheet}: 今は${action.type === 'SubmitSheet' ? '提出' : '保存'}できません（${error.message}）。`;
      return {
        kind: 'conflict',
        conflict: { sheet: sheet.sheet, itemId: sheet.itemId, exportedRevision: sheet.revision, currentRevision: step.revision, code: error instanceof IllegalTransitionError ? 'illegalState' : 'changedSinceExport', message, changes: [] },
      };
    }
    if (error instanceof NotFoundError) throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'notFound', message: error.message });
    if (error instanceof ForbiddenActionError) throw rejected(403, 'forbidden', `${sheet.sheet}: ${error.message}`, []);
    throw error;
  }

  private async loadPlan(planId: string): Promise<{ state: ExistingPlan; revision: number }> {
    const { state, revision } = await this.repository.load(planStreamId(planId), planDecider);
    if (state.status === 'none') throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'planNotFound', message: `計画 ${planId} はありません。` });
    return { state, revision };
  }

  /** Revisions of items and indicators appended to the plan after the export, in words. */
  private async planChangesSince(planId: string, planRevision: number): Promise<{ itemId?: string; indicatorId?: string; text: string }[]> {
    if (planRevision < 0) return [];
    const events = await this.store.readStream(planStreamId(planId), { fromRevision: planRevision + 1 });
    return events.flatMap((e): { itemId?: string; indicatorId?: string; text: string }[] => {
      const at = dateTimeLong(e.timestamp);
      if (e.type === 'ItemRevised') return [{ itemId: e.data.itemId, text: `${at}に計画の取組事項が改訂されました（${e.data.reason}）` }];
      if (e.type === 'IndicatorRevised') return [{ indicatorId: e.data.indicatorId, text: `${at}に指標（${e.data.indicatorId}）が改訂されました（${e.data.reason}）` }];
      if (e.type === 'IndicatorDefined' && e.data.indicator?.itemId) return [{ itemId: e.data.indicator.itemId, text: `${at}に指標「${e.data.indicator.name}」が追加されました` }];
      return [];
    });
  }

  /** "令和６年６月１日 10:00 総務課が下書きを保存：取組実績・進捗状況" for each change since the export. */
  private async describeSheetChanges(all: StoredEvent[], changes: StoredEvent[]): Promise<string[]> {
    return changes.map((e) => {
      const who = e.metadata.actor?.department ?? (e.metadata.actor?.role === 'secretariat' ? '事務局' : (e.metadata.actor?.sub ?? 'システム'));
      let detail = '';
      if (e.type === 'SheetSaved') {
        const before = all.filter((x) => x.type === 'SheetSaved' && x.revision < e.revision).pop()?.data.content as SheetContent | undefined;
        const changed = changedFields(before, e.data.content as SheetContent);
        detail = changed.length ? `：${changed.join('・')}` : '';
      }
      if (e.type === 'SheetReturned') detail = `：${e.data.comment}`;
      return `${dateTimeLong(e.timestamp)} ${who}が${EVENT_WORDS[e.type] ?? e.type}${detail}`;
    });
  }
}

interface SheetPlan {
  sheet: ParsedSheet;
  stream: string;
  /** The stream's revision the plan was made at: the expected revision of its first write. */
  revision: number;
  save: boolean;
  submit: boolean;
  outcome: ImportedSheet['outcome'];
  status: string;
}

function foldSheet(events: StoredEvent[]): SheetState {
  return events.reduce((state, e) => sheetDecider.evolve(state, { type: e.type, data: e.data } as SheetEvent), sheetDecider.initialState());
}

const contentOf = (state: SheetState): SheetContent | undefined => (state.status === 'notStarted' ? undefined : state.content);

function actionsOf(step: SheetPlan): SheetAction[] {
  return [...(step.save ? [{ type: 'SaveSheet' as const, content: step.sheet.content }] : []), ...(step.submit ? [{ type: 'SubmitSheet' as const }] : [])];
}

function rejected(status: number, code: string, message: string, errors: WorkbookCellError[], extra: Record<string, unknown> = {}): HttpException {
  return new HttpException({ statusCode: status, error: HttpStatus[status] ?? 'Error', code, message, errors, ...extra }, status);
}

function invalid(errors: WorkbookCellError[], conflicts: SheetConflict[] = []): HttpException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    code: 'workbookInvalid',
    message: `ブックに ${errors.length} 件の誤りがあります。すべて直してから取り込んでください。何も取り込んでいません。`,
    errors,
    ...(conflicts.length ? { conflicts } : {}),
  });
}

/** The content as the decider stores it, for comparing (empty boxes and absent ones alike). */
function canonical(content: Partial<SheetContent> | undefined): string {
  if (!content) return '';
  const texts = (t: Record<string, string | undefined> | undefined) => Object.fromEntries(Object.entries(t ?? {}).filter(([, v]) => v !== undefined && v !== ''));
  return JSON.stringify({
    progress: content.progress ?? null,
    achievement: content.achievement ?? null,
    activities: content.activities ?? '',
    effects: content.effects ?? '',
    reasons: texts(content.reasons as Record<string, string>),
    measures: texts(content.measures as Record<string, string>),
    actuals: Object.fromEntries(Object.entries(content.actuals ?? {}).sort(([a], [b]) => a.localeCompare(b))),
    nextYear: content.nextYear && (content.nextYear.issues || content.nextYear.plan) ? content.nextYear : null,
    implementation: content.implementation ?? null,
  });
}

/** Nothing to save: the workbook says what is stored already (an untouched sheet, or nothing at all on a sheet never saved). */
function sameContent(stored: SheetContent | undefined, incoming: Partial<SheetContent>): boolean {
  return canonical(stored) === canonical(incoming) || (!stored && canonical(incoming) === canonical({}));
}

function changedFields(before: SheetContent | undefined, after: SheetContent): string[] {
  return Object.keys(FIELD_WORDS).filter((key) => JSON.stringify((before as Record<string, unknown> | undefined)?.[key] ?? null) !== JSON.stringify((after as unknown as Record<string, unknown>)[key] ?? null)).map((key) => FIELD_WORDS[key]);
}

