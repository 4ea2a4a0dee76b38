import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { IsIsoDateTime } from '../shared/validators';

/** `?asOf=`: a cycle or sheet as it stood at that moment. */
export class CycleAsOfQueryDto {
  @ApiPropertyOptional({ description: 'ISO time: as it stood then' }) @IsOptional() @IsISO8601({ strict: true }) @IsIsoDateTime() asOf?: string;
}
