import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIsoDateTime } from '../shared/validators';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ANNUAL_REPORT_FORMATS, MINUTES_FORMATS, SUMMARY_FORMATS } from '../../reports/report-kinds';
import type { FormatName } from '../../reports/render/formats';
import { REVIEW_QUEUE_LISTS, type ReviewQueueList } from '../../reports/queries/work-queues';

class AsOfQueryDto {
  @ApiPropertyOptional({ description: 'ISO time: the report as it stood then' }) @IsOptional() @IsISO8601({ strict: true }) @IsIsoDateTime() asOf?: string;
}

export class AnnualReportQueryDto extends AsOfQueryDto {
  @ApiPropertyOptional({ enum: ANNUAL_REPORT_FORMATS }) @IsOptional() @IsIn(ANNUAL_REPORT_FORMATS) format?: FormatName;
}

export class SummaryQueryDto extends AsOfQueryDto {
  @ApiPropertyOptional({ enum: SUMMARY_FORMATS }) @IsOptional() @IsIn(SUMMARY_FORMATS) format?: FormatName;
  @ApiPropertyOptional({ example: 2022 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1989) @Max(2200) from?: number;
  @ApiPropertyOptional({ example: 2026 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1989) @Max(2200) to?: number;
}

export class MinutesQueryDto extends AsOfQueryDto {
  @ApiPropertyOptional({ enum: MINUTES_FORMATS }) @IsOptional() @IsIn(MINUTES_FORMATS) format?: FormatName;
}

export class ReviewQueueQueryDto {
  @ApiPropertyOptional({ description: '担当課' }) @IsOptional() @IsString() @MaxLength(100) department?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/) planId?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1989) @Max(2200) fiscalYear?: number;
  @ApiPropertyOptional({ enum: REVIEW_QUEUE_LISTS }) @IsOptional() @IsIn(REVIEW_QUEUE_LISTS) state?: ReviewQueueList;
}
