/**
 * An error found in an uploaded workbook, named by sheet and cell as Excel names them, in Japanese:
 * 「③-1!D31: 進捗状況は S・A・B・C・- のいずれかです」. `message` carries the reference first, so a list
 * of them reads on its own; `sheet`, `cell`, `field` and `code` are for programs (the web screen
 * highlights the cell).
 */
export interface WorkbookCellError {
  sheet?: string;
  /** A1-style address, e.g. "D31". */
  cell?: string;
  /** The field the cell feeds (e.g. "progress", "actuals.1-1"), when there is one. */
  field?: string;
  /** Machine-readable rule, e.g. "rating", "number", "required". */
  code: string;
  message: string;
}

/** "③-1!D31", "③-1" or "" — the reference a message starts with. */
export function cellRef(sheet?: string, cell?: string): string {
  if (!sheet) return cell ?? '';
  return cell ? `${sheet}!${cell}` : sheet;
}

export function cellError(sheet: string | undefined, cell: string | undefined, code: string, text: string, field?: string): WorkbookCellError {
  const ref = cellRef(sheet, cell);
  return {
    ...(sheet !== undefined ? { sheet } : {}),
    ...(cell !== undefined ? { cell } : {}),
    ...(field !== undefined ? { field } : {}),
    code,
    message: ref ? `${ref}: ${text}` : text,
  };
}
