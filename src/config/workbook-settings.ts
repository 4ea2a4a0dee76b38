import { parseIntSetting } from './settings';

/**
 * Limits on uploaded workbooks (a department's sheets, a plan). An upload is a file from outside: its
 * size, what it unzips to and how many sheets, rows and cells it holds are capped before and while it
 * is read, so a hostile file (a zip bomb, a sheet of a million rows) is refused with a 4xx, never read
 * into memory whole. The defaults take a 500-item plan with room to spare.
 */
export interface WorkbookSettings {
  /** Largest upload in bytes (WORKBOOK_MAX_BYTES, default 10 MiB); larger is 413. */
  maxBytes: number;
  /** Largest total of the workbook's unzipped parts in bytes (WORKBOOK_MAX_UNZIPPED_BYTES, default 100 MiB). */
  maxUnzippedBytes: number;
  /** Most worksheets (WORKBOOK_MAX_SHEETS, default 1000). */
  maxSheets: number;
  /** Most rows in one worksheet (WORKBOOK_MAX_ROWS, default 5000). */
  maxRows: number;
  /** Most cells in the whole workbook (WORKBOOK_MAX_CELLS, default 1,000,000). */
  maxCells: number;
}

export function loadWorkbookSettings(env: NodeJS.ProcessEnv = process.env): WorkbookSettings {
  return {
    maxBytes: parseIntSetting(env, 'WORKBOOK_MAX_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxUnzippedBytes: parseIntSetting(env, 'WORKBOOK_MAX_UNZIPPED_BYTES', 100 * 1024 * 1024, 1024, 4 * 1024 * 1024 * 1024),
    maxSheets: parseIntSetting(env, 'WORKBOOK_MAX_SHEETS', 1000, 1, 10_000),
    maxRows: parseIntSetting(env, 'WORKBOOK_MAX_ROWS', 5000, 10, 1_048_576),
    maxCells: parseIntSetting(env, 'WORKBOOK_MAX_CELLS', 1_000_000, 100, 100_000_000),
  };
}
