import { Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { Roles } from '../../src/auth/auth';
import { SETTINGS, type Settings } from '../../src/config/settings';
import { readUploadedFile } from '../../src/http/uploads';
import type { CommandContext } from '../shared/command-context';
import { RequestContext } from '../shared/request-context';
import { PlanImportService } from './plan-import.service';

export class ImportPlanQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'adopt the plan once imported (default: left in draft)' })
  @IsOptional() @IsIn(['true', 'false']) adopt?: 'true' | 'false';
}

@ApiTags('plans (実行計画)')
@ApiBearerAuth()
@Controller('plans')
export class PlanImportController {
  constructor(
    private readonly plans: PlanImportService,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  @Post('import')
  @HttpCode(201)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Set up a plan from a workbook (計画, 取組事項一覧, one sheet per item): the same events as the API calls; refused whole with cell-named errors' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  async import(@Query() query: ImportPlanQueryDto, @Req() request: FastifyRequest, @RequestContext() context: CommandContext) {
    const file = await readUploadedFile(request, 'file', this.settings.workbook.maxBytes);
    return this.plans.import(file.buffer, context, { adopt: query.adopt === 'true' });
  }
}
