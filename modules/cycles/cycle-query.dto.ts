import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../shared/validators';

/** `?asOf=`: a cycle or sheet as it stood at that moment. */
export class CycleAsOfQueryDto {
  @ApiPropertyOptional({ description: 'ISO time: as it stood then' }) @IsOptional() @IsISO8601({ strict: true }) @IsIsoDateTime() asOf?: string;
}

export class WithdrawSheetDto {
  @ApiPropertyOptional({ description: 'why the department takes its submission back (提出の取下げ)' }) @IsOptional() @IsString() @MaxLength(5000) comment?: string;
}

export class ReopenSheetDto {
  @ApiProperty({ description: 'why the secretariat reopens the approved sheet (承認の取消し): what the department should revise' }) @IsString() @IsNotEmpty() @MaxLength(5000) comment!: string;
}
