/**
 * File uploads (multipart/form-data), for the workbook imports. The multipart parser streams the
 * file and stops at WORKBOOK_MAX_BYTES (its own limit: the JSON body limit does not apply to it), so
 * an oversized upload is refused while it arrives, never buffered whole. Refusals are in Japanese.
 */
import multipart from '@fastify/multipart';
import { BadRequestException, HttpException, HttpStatus } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { WorkbookSettings } from '../config/workbook-settings';

export async function registerUploads(app: NestFastifyApplication, settings: WorkbookSettings): Promise<void> {
  await app.register(multipart as never, { limits: { fileSize: settings.maxBytes, files: 1, fields: 5, parts: 6, fieldSize: 1024, headerPairs: 100 } });
}

export interface UploadedFile {
  buffer: Buffer;
  fileName: string;
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** The file sent in the form field `field`; 400 without one, 413 when larger than `maxBytes`. */
export async function readUploadedFile(request: FastifyRequest, field: string, maxBytes: number): Promise<UploadedFile> {
  const refuse = (code: string, message: string) =>
    new BadRequestException({ statusCode: 400, error: 'Bad Request', code, message, errors: [{ field, code, rule: code, message }] });
  const req = request as FastifyRequest & { isMultipart?: () => boolean; file?: (options?: object) => Promise<MultipartFile | undefined> };
  if (!req.isMultipart?.() || !req.file) throw refuse('multipartRequired', `ファイルを multipart/form-data のフィールド「${field}」で送ってください。`);
  try {
    const part = await req.file({ limits: { fileSize: maxBytes } });
    if (!part) throw refuse('fileRequired', `ファイルがありません。フィールド「${field}」で Excel ブック（.xlsx）を送ってください。`);
    if (part.fieldname !== field) {
      part.file.resume();
      throw refuse('fileRequired', `ファイルはフィールド「${field}」で送ってください（「${part.fieldname}」で届きました）。`);
    }
    return { buffer: await part.toBuffer(), fileName: part.filename };
  } catch (error) {
    if (error instanceof HttpException) throw error;
    if ((error as { statusCode?: number }).statusCode === 413) {
      throw new HttpException(
        { statusCode: 413, error: 'Payload Too Large', code: 'fileTooLarge', message: `ファイルが大きすぎます（上限 ${megabytes(maxBytes)}）。`, errors: [{ field, code: 'fileTooLarge', rule: 'fileTooLarge', message: `上限 ${megabytes(maxBytes)}` }] },
        HttpStatus.PAYLOAD_TOO_LARGE,
      );
    }
    // Nothing in this block but parsing the form runs: whatever else it throws (busboy's "Unexpected end
    // of form", "Boundary not found", …) is a form that cannot be read, i.e. the sender's fault.
    throw refuse('multipart', `送られたフォームを読めませんでした（${(error as Error).message}）。`);
  }
}

interface MultipartFile {
  fieldname: string;
  filename: string;
  file: NodeJS.ReadableStream & { resume(): void };
  toBuffer(): Promise<Buffer>;
}
