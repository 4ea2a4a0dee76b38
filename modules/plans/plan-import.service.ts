/**
 * POST /plans/import: a plan set up from a workbook (plan-workbook.parser.ts), as the secretariat
 * would through POST /plans, …/items and …/indicators — the same DTO rules, the same commands through
 * the same handler, the same events (each with the file's SHA-256 in its metadata). All or nothing:
 * every command is checked (DTO rules, then the plan decider in a dry run, item after item as the
 * real calls would go); any error refuses the file with the list, each message naming its sheet and
 * cell. What the dry run decided is then committed as one append to the plan's stream (one
 * transaction: a plan of 500 items is in whole or not at all, and is not 1,500 fsyncs). The plan id
 * and the event ids are derived from the file's hash, so the same file uploaded again appends nothing.
 * The plan is left in draft for the secretariat to check and adopt (POST /plans/:planId/adopt),
 * unless ?adopt=true.
 */
import { BadRequestException, ConflictException, Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createHash } from 'node:crypto';
import { planStreamId } from '../../events/plan.events';
import { SETTINGS, type Settings } from '../../src/config/settings';
import { DomainError, InvalidCommandError } from '../../src/domain/errors';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { flattenValidationErrors } from '../../src/http/validation';
import { openWorkbook, WorkbookFileError } from '../../src/workbook/safe-workbook';
import { cellError, type WorkbookCellError } from '../../src/workbook/workbook-errors';
import { PLAN_LABELS as L } from '../../reports/documents/plan.workbook';
import { DryRun, type CommandContext } from '../shared/command-context';
import { deterministicUuid, EventSourcedRepository } from '../shared/event-sourced-repository';
import { AddItemDto, CreatePlanDto, DefineIndicatorDto } from './plan.dto';
import { ExecutePlanCommand } from './plan.handlers';
import type { PlanAction } from './plan.decider';
import { cellOfCommandField, parsePlanWorkbook, type ParsedPlanCommand } from './plan-workbook.parser';

export interface PlanImportResult {
  planId: string;
  sha256: string;
  items: number;
  indicators: number;
  status: string;
  /** Events appended by this upload (0 when the same file was imported before). */
  appended: number;
  duplicate: boolean;
}

/** The words of a DTO field as the workbook labels it. */
const FIELD_LABELS: Record<string, string> = {
  ...Object.fromEntries((['municipality', 'situation', 'content', 'effect', 'activities', 'glossary', 'unit', 'direction', 'baseline', 'target', 'targetNote', 'departments'] as const).map((k) => [k, L[k]])),
  title: '名称',
  levels: L.levels,
  id: 'ID',
  label: L.label,
  path: '階層',
  name: L.indicatorName,
  targets: '年度の目標',
  groups: '階層',
  period: '計画期間',
};

/** class-validator's rules, as the secretariat reads them beside the cell. */
function ruleText(rule: string, message: string): string {
  const max = /(\d+)/.exec(message)?.[1];
  switch (rule) {
    case 'isNotEmpty':
    case 'arrayMinSize':
      return 'を入力してください。';
    case 'maxLength':
      return `は${max}字以内で書いてください。`;
    case 'arrayMaxSize':
      return `は${max}件までです。`;
    case 'matches':
      return 'は半角英数字と「-」「_」で、64字以内で書いてください（例：3-1）。';
    case 'isInt':
    case 'min':
    case 'max':
      return 'は西暦の年度（例：2022）で書いてください。';
    case 'isIn':
      return 'は「以上」か「以下」です。';
    default:
      return `が正しくありません（${message}）。`;
  }
}

@Injectable()
export class PlanImportService {
  constructor(
    private readonly commands: CommandBus,
    private readonly repository: EventSourcedRepository,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  async import(file: Buffer, context: CommandContext, options: { adopt: boolean }): Promise<PlanImportResult> {
    const sha256 = createHash('sha256').update(file).digest('hex');
    const workbook = await openWorkbook(file, this.settings.workbook).catch((error: unknown) => {
      if (error instanceof WorkbookFileError) throw invalid([cellError(undefined, undefined, error.code, error.message)], error.message);
      throw error;
    });
    const parsed = parsePlanWorkbook(workbook);
    const planId = deterministicUuid(`plan-import\u0000${sha256}`);
    const steps: { action: PlanAction; source?: ParsedPlanCommand }[] = [...parsed.commands.map((c) => ({ action: c.action, source: c })), ...(options.adopt ? [{ action: { type: 'AdoptPlan' } as PlanAction }] : [])];

    // The same file again: its plan exists, made by it (the import is one append: all of it or none).
    const existing = await this.store.readStream(planStreamId(planId));
    const count = (type: PlanAction['type']) => parsed.commands.filter((c) => c.action.type === type).length;
    const summary = { planId, sha256, items: count('AddItem'), indicators: count('DefineIndicator') };
    if (existing.length > 0) {
      if (existing[0].metadata.source?.sha256 !== sha256) throw new ConflictException({ statusCode: 409, error: 'Conflict', code: 'planExists', message: `計画 ${planId} は別の方法で作られています。` });
      return { ...summary, status: existing.some((e) => e.type === 'PlanAdopted') ? 'adopted' : 'draft', appended: 0, duplicate: true };
    }
    const errors = [...this.dtoErrors(parsed.commands), ...parsed.errors];
    const dryRun = new DryRun();
    if (errors.length === 0) errors.push(...(await this.dryRun(planId, steps, context, dryRun, sha256)));
    if (errors.length) throw invalid(dedupe(errors));
    const [committed] = await this.repository.commit(dryRun, `plan-import:${sha256}`);
    const adopted = steps.some((s) => s.action.type === 'AdoptPlan');
    return { ...summary, status: adopted ? 'adopted' : 'draft', appended: committed?.duplicate ? 0 : (committed?.events ?? 0), duplicate: Boolean(committed?.duplicate) };
  }

  /** The rules of the HTTP bodies (plan.dto.ts), field by field. */
  private dtoErrors(commands: ParsedPlanCommand[]): WorkbookCellError[] {
    return commands.flatMap((command) => {
      const { action } = command;
      const [dto, body] =
        action.type === 'DraftPlan'
          ? [CreatePlanDto, { municipality: action.municipality, title: action.title, period: action.period, levels: action.levels, ...(action.groups ? { groups: action.groups } : {}) }]
          : action.type === 'AddItem'
            ? [AddItemDto, action.item]
            : action.type === 'DefineIndicator'
              ? [DefineIndicatorDto, action.indicator]
              : [undefined, undefined];
      if (!dto) return [];
      const found = flattenValidationErrors(validateSync(plainToInstance(dto as new () => object, body), { whitelist: true, forbidNonWhitelisted: true }));
      return found
        .filter((e) => !(e.field.startsWith('period') && Number.isNaN((action as { period?: { from: number } }).period?.from)))
        .map((e) => cellError(command.sheet, cellOfCommandField(command, e.field), e.rule, `${FIELD_LABELS[e.field.split(/[.[]/)[0]] ?? e.field}${ruleText(e.rule, e.message)}`, e.field));
    });
  }

  /** Each command decided in turn by the plan handler, nothing appended; every refusal collected. */
  private async dryRun(planId: string, steps: { action: PlanAction; source?: ParsedPlanCommand }[], context: CommandContext, dryRun: DryRun, sha256: string): Promise<WorkbookCellError[]> {
    const errors: WorkbookCellError[] = [];
    for (const step of steps) {
      try {
        await this.commands.execute(new ExecutePlanCommand(planId, step.action, { ...context, dryRun, source: { kind: 'workbook', sha256, sheet: step.source?.sheet ?? '' } }));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const source = step.source;
        const cell = source ? (error instanceof InvalidCommandError ? cellOfCommandField(source, error.field) : source.at) : undefined;
        errors.push(cellError(source?.sheet, cell, error instanceof InvalidCommandError ? error.rule : error.name, error.message, error instanceof InvalidCommandError ? error.field : undefined));
        if (step.action.type === 'DraftPlan') break;
      }
    }
    return errors;
  }
}

function dedupe(errors: WorkbookCellError[]): WorkbookCellError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.sheet}!${e.cell}`;
    if (e.cell && seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function invalid(errors: WorkbookCellError[], message?: string): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    code: 'workbookInvalid',
    message: message ?? `計画のブックに ${errors.length} 件の誤りがあります。すべて直してから取り込んでください。何も取り込んでいません。`,
    errors,
  });
}
