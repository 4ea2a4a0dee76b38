import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { SheetRulePreset } from '../../events/plan.events';
import { SHEET_RULE_PRESETS } from './plan-settings.validation';
import { AddItemDto, DefineIndicatorDto, ReviseIndicatorDto } from './plan.dto';

const REASON = 'why the plan grows (required once the plan is adopted; shown in the plan history)';
const EFFECTIVE_FROM = 'the first fiscal year whose cycle and reports include it (required once the plan is adopted)';

/** An item: to a draft plan, or after adoption as a revision (reason, effectiveFrom). */
export class NewItemDto extends AddItemDto {
  @ApiPropertyOptional({ description: REASON }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000) reason?: string;
  @ApiPropertyOptional({ description: EFFECTIVE_FROM, example: 2024 }) @IsOptional() @IsInt() @Min(1989) @Max(2200) effectiveFrom?: number;
}

/** An indicator: on a draft plan, or after adoption as a revision (reason, effectiveFrom). */
export class NewIndicatorDto extends DefineIndicatorDto {
  @ApiPropertyOptional({ description: REASON }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000) reason?: string;
  @ApiPropertyOptional({ description: EFFECTIVE_FROM, example: 2024 }) @IsOptional() @IsInt() @Min(1989) @Max(2200) effectiveFrom?: number;
}

/** A revision of an indicator; with effectiveFrom, its targets change from that year on and the earlier years keep theirs. */
export class DatedIndicatorRevisionDto extends ReviseIndicatorDto {
  @ApiPropertyOptional({ description: 'the revised targets apply from this fiscal year on (the 総括 judges the earlier years against the targets then in force)', example: 2024 })
  @IsOptional() @IsInt() @Min(1989) @Max(2200) effectiveFrom?: number;
}

export class RatingThresholdsDto {
  @ApiPropertyOptional({ description: 'share of the target from which the suggestion is S (default 1.1 = 110 %)', example: 1.1 }) @IsOptional() @IsNumber() @Min(0.01) @Max(10) s?: number;
  @ApiPropertyOptional({ description: 'share of the target from which it is A (default 1.0)', example: 1 }) @IsOptional() @IsNumber() @Min(0.01) @Max(10) a?: number;
  @ApiPropertyOptional({ description: 'share of the target from which it is B; below is C (default 0.8)', example: 0.8 }) @IsOptional() @IsNumber() @Min(0.01) @Max(10) b?: number;
}

/** The plan's settings; what is left out keeps its current value. */
export class PlanSettingsDto {
  @ApiPropertyOptional({ enum: SHEET_RULE_PRESETS, description: 'default: 取組実績 and 進捗状況 or 実施状況; tamana: also 達成状況 (target that year), the actuals, 次年度の取組計画' })
  @IsOptional() @IsIn(SHEET_RULE_PRESETS) sheetRules?: SheetRulePreset;
  @ApiPropertyOptional({ type: RatingThresholdsDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => RatingThresholdsDto) ratingThresholds?: RatingThresholdsDto;
  @ApiPropertyOptional({ description: 'why the settings change' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000) reason?: string;
}

export const newItem = (dto: NewItemDto) => {
  const { reason, ...item } = dto;
  return { type: 'AddItem' as const, item, ...(reason !== undefined ? { reason } : {}) };
};
export const newIndicator = (dto: NewIndicatorDto) => {
  const { reason, ...indicator } = dto;
  return { type: 'DefineIndicator' as const, indicator, ...(reason !== undefined ? { reason } : {}) };
};
export const datedIndicatorRevision = (indicatorId: string, dto: DatedIndicatorRevisionDto) => ({
  type: 'ReviseIndicator' as const,
  indicatorId,
  changes: { ...dto.changes },
  reason: dto.reason,
  ...(dto.effectiveFrom !== undefined ? { effectiveFrom: dto.effectiveFrom } : {}),
});
export const planSettings = (dto: PlanSettingsDto) => ({
  type: 'DefineSettings' as const,
  settings: { ...(dto.sheetRules !== undefined ? { sheetRules: dto.sheetRules } : {}), ...(dto.ratingThresholds ? { ratingThresholds: { ...dto.ratingThresholds } } : {}) },
  ...(dto.reason !== undefined ? { reason: dto.reason } : {}),
});
