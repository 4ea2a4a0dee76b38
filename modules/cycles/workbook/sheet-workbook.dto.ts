import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class ExportWorkbookQueryDto {
  @ApiPropertyOptional({ example: '総務課', description: "the department whose items the workbook holds (a department: its own; the secretariat: any, all when left out)" })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) department?: string;
}

export class ImportWorkbookQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'submit the imported sheets too (提出)' })
  @IsOptional() @IsIn(['true', 'false']) submit?: 'true' | 'false';
}
