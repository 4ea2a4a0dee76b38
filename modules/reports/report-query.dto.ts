import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIsoDateTime } from '../shared/validators';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export const FORMATS = ['json', 'md', 'html', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

export class AnnualReportQueryDto {
  @ApiPropertyOptional({ enum: FORMATS }) @IsOptional() @IsIn(FORMATS) format?: Format;
  @ApiPropertyOptional({ description: 'ISO time: the report as it stood then' }) @IsOptional() @IsISO8601({ strict: true }) @IsIsoDateTime() asOf?: string;
}

export class SummaryQueryDto extends AnnualReportQueryDto {
  @ApiPropertyOptional({ example: 2022 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1989) @Max(2200) from?: number;
  @ApiPropertyOptional({ example: 2026 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1989) @Max(2200) to?: number;
}

export class MinutesQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'md', 'html'] }) @IsOptional() @IsIn(['json', 'md', 'html']) format?: 'json' | 'md' | 'html';
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) @IsIsoDateTime() asOf?: string;
}

export class ReviewQueueQueryDto {
  @ApiPropertyOptional({ description: '担当課' }) @IsOptional() @IsString() @MaxLength(100) department?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/) planId?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1989) @Max(2200) fiscalYear?: number;
  @ApiPropertyOptional({ enum: ['submitted', 'returned', 'overdue'] }) @IsOptional() @IsIn(['submitted', 'returned', 'overdue']) state?: 'submitted' | 'returned' | 'overdue';
}
