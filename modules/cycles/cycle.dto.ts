import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, ArrayMaxSize, IsIn, IsInt, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { COUNCIL_RESOLUTIONS, IMPLEMENTATIONS, RATINGS, type CouncilResolution, type Implementation, type Rating } from '../../events/vocabulary';
import type { SheetFieldsInput } from './sheet.decider';
import { ID_PATTERN, IsIsoDateTime, IsIndicatorValue, IsIndicatorValueRecord, IsRatingTexts, MAX_NAME, MAX_TEXT } from '../shared/validators';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class OpenCycleDto {
  @ApiProperty({ example: 2023 }) @IsInt() @Min(1989) @Max(2200) fiscalYear!: number;
  @ApiProperty({ example: '2024-06-30', description: 'ISO date by which sheets are due' })
  @IsISO8601({ strict: true }) @Matches(ISO_DATE, { message: 'dueDate must be a date YYYY-MM-DD' }) @IsIsoDateTime() dueDate!: string;
}

export class NextYearDto {
  @ApiProperty({ description: '課題' }) @IsString() @MaxLength(MAX_TEXT) issues!: string;
  @ApiProperty({ description: '取組内容' }) @IsString() @MaxLength(MAX_TEXT) plan!: string;
}

export class SaveSheetDto {
  @ApiPropertyOptional({ enum: RATINGS, description: '進捗状況' }) @IsOptional() @IsIn(RATINGS) progress?: Rating;
  @ApiPropertyOptional({ enum: RATINGS, description: '達成状況' }) @IsOptional() @IsIn(RATINGS) achievement?: Rating;
  @ApiProperty({ description: '取組実績 (required to submit)' }) @IsOptional() @IsString() @MaxLength(MAX_TEXT) activities?: string;
  @ApiPropertyOptional({ description: '取組効果' }) @IsOptional() @IsString() @MaxLength(MAX_TEXT) effects?: string;
  @ApiPropertyOptional({ description: 'S: reason; B/C: reason. A text, or {progress, achievement}' }) @IsOptional() @IsRatingTexts() reasons?: string | { progress?: string; achievement?: string };
  @ApiPropertyOptional({ description: 'B/C: 改善に向けた方策. A text, or {progress, achievement}' }) @IsOptional() @IsRatingTexts() measures?: string | { progress?: string; achievement?: string };
  @ApiPropertyOptional({ example: { '1-1': 98.4 } }) @IsOptional() @IsIndicatorValueRecord() actuals?: Record<string, number | string>;
  @ApiPropertyOptional({ type: NextYearDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => NextYearDto) nextYear?: NextYearDto;
  @ApiPropertyOptional({ enum: IMPLEMENTATIONS, description: '実施状況 for the 総括' }) @IsOptional() @IsIn(IMPLEMENTATIONS) implementation?: Implementation;
}

/** PUT (the whole draft) and PATCH (the named fields; `null` clears one) of a sheet, with the revision the caller last saw. */
export class SaveSheetRequestDto extends SaveSheetDto {
  @ApiPropertyOptional({ description: 'the sheet revision the caller last read (or the If-Match header): 409 with the current draft when it moved on' })
  @IsOptional() @IsInt() @Min(-1) @Max(Number.MAX_SAFE_INTEGER) expectedRevision?: number;
}

export class ReturnSheetDto {
  @ApiProperty({ description: 'review comment for the department' }) @IsString() @IsNotEmpty() @MaxLength(5000) comment!: string;
}

export class IndicatorActualDto {
  @ApiProperty({ example: 75.2 }) @IsIndicatorValue() actual!: number | string;
}

export class ScheduleCouncilDto {
  @ApiProperty({ example: '2024-11-20' }) @IsISO8601({ strict: true }) @IsIsoDateTime() meetingDate!: string;
  @ApiProperty({ example: '令和６年度第２回玉名市行政改革推進審議会' }) @IsString() @IsNotEmpty() @MaxLength(MAX_NAME) meetingName!: string;
}

export class CouncilOpinionDto {
  @ApiPropertyOptional({ description: 'member (委員) name' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) member?: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(MAX_TEXT) text!: string;
}

export class ConcludeCouncilDto {
  @ApiProperty({ enum: COUNCIL_RESOLUTIONS }) @IsIn(COUNCIL_RESOLUTIONS) resolution!: CouncilResolution;
}

/** The item's texts as the report prints them, corrected in this report only (the plan keeps its own). */
export class ReportItemTextsDto {
  @ApiPropertyOptional({ description: '取組事項名' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(MAX_NAME) title?: string;
  @ApiPropertyOptional({ description: '現状・課題' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(MAX_TEXT) situation?: string;
  @ApiPropertyOptional({ description: '取組内容' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(MAX_TEXT) content?: string;
  @ApiPropertyOptional({ description: '取組効果 (of the plan)' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(MAX_TEXT) effect?: string;
}

export class CorrectionDto {
  @ApiProperty() @IsString() @Matches(ID_PATTERN) itemId!: string;
  @ApiPropertyOptional({ type: SaveSheetDto, description: 'the sheet fields corrected (reasons/measures as {progress, achievement}); the rest stays as published' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => SaveSheetDto) changes?: SaveSheetDto;
  @ApiPropertyOptional({ type: ReportItemTextsDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => ReportItemTextsDto) texts?: ReportItemTextsDto;
}

export class ReviseReportDto {
  @ApiProperty({ description: 'why the published report is corrected (shown with the revision)' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
  @ApiProperty({ type: [CorrectionDto] }) @IsArray() @ArrayMaxSize(200) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => CorrectionDto) corrections!: CorrectionDto[];
  @ApiPropertyOptional({ example: { 'P-1': 76.1 }, description: 'corrected actuals of plan- and group-level indicators' }) @IsOptional() @IsIndicatorValueRecord() indicatorActuals?: Record<string, number | string>;
}

/**
 * The HTTP body of a sheet as the decider's content: the fields the body names, as it names them (a
 * plain-text reason or measure is placed by the decider, under the one rating that needs it).
 */
export function sheetContentOf(dto: SaveSheetDto): SheetFieldsInput {
  const { expectedRevision: _revision, ...fields } = dto as SaveSheetRequestDto;
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as SheetFieldsInput;
}
