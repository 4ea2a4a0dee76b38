import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../../events/event';
import { CurrentActor, Roles } from '../../../src/auth/auth';
import { SETTINGS, type Settings } from '../../../src/config/settings';
import { readUploadedFile } from '../../../src/http/uploads';
import type { CommandContext } from '../../shared/command-context';
import { RequestContext } from '../../shared/request-context';
import { FiscalYearPipe, IdPipe } from '../../shared/validators';
import { ExportWorkbookQueryDto, ImportWorkbookQueryDto } from './sheet-workbook.dto';
import { SheetWorkbookService } from './sheet-workbook.service';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Content-Disposition for a file name that may be Japanese (RFC 6266 / 5987). */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

@ApiTags('cycles (年度の進行管理)')
@ApiBearerAuth()
@Controller('plans/:planId/cycles')
export class SheetWorkbookController {
  constructor(
    private readonly workbooks: SheetWorkbookService,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  @Get(':fy/workbook')
  @Roles('department', 'secretariat')
  @ApiOperation({ summary: "The department's workbook (報告シート): one sheet per item to fill in Excel; ?department= (the secretariat: any, or all without)" })
  @ApiProduces(XLSX_TYPE)
  async export(
    @Param('planId', IdPipe) planId: string,
    @Param('fy', FiscalYearPipe) fy: number,
    @Query() query: ExportWorkbookQueryDto,
    @CurrentActor() actor: Actor,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const file = await this.workbooks.export(planId, fy, actor, query.department, context.at);
    void reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(file.fileName)).header('cache-control', 'no-store');
    return file.body;
  }

  @Post(':fy/workbook')
  @HttpCode(200)
  @Roles('department')
  @ApiOperation({ summary: 'Import a filled workbook (multipart, field "file"): all sheets or none; ?submit=true submits them too' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  async import(
    @Param('planId', IdPipe) planId: string,
    @Param('fy', FiscalYearPipe) fy: number,
    @Query() query: ImportWorkbookQueryDto,
    @Req() request: FastifyRequest,
    @RequestContext() context: CommandContext,
  ) {
    const file = await readUploadedFile(request, 'file', this.settings.workbook.maxBytes);
    return this.workbooks.import(planId, fy, file.buffer, context, { submit: query.submit === 'true' });
  }
}
