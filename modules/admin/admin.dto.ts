import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIsoDateTime } from '../shared/validators';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class RebuildDto {
  @ApiPropertyOptional({ description: 'projection names; all when omitted', example: ['plan-workflow'] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Matches(/^[a-z][a-z0-9-]{0,63}$/, { each: true, message: 'each projection must be a projection name such as plan-workflow' })
  projections?: string[];
}

export class StreamQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) fromRevision?: number;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'actor sub or department' }) @IsOptional() @IsString() @MaxLength(200) actor?: string;
  @ApiPropertyOptional({ description: "the acting user's department (担当課), e.g. 税務課" }) @IsOptional() @IsString() @MaxLength(100) department?: string;
  @ApiPropertyOptional({ description: 'event type, e.g. SheetReturned' }) @IsOptional() @Matches(/^[A-Za-z]{1,64}$/) type?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) @IsIsoDateTime() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) @IsIsoDateTime() to?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}
