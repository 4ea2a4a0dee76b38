/**
 * Excel で入力する: the department's (or the secretariat's) download and upload buttons for one
 * cycle's workbook, and, when an upload is refused, the list of what to fix — sheet, cell and message —
 * announced to screen readers. Self-contained: give it the plan, the year and, for the secretariat,
 * the department; put it on any screen.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { downloadWorkbook, uploadWorkbook, WorkbookRefused, type WorkbookConflict, type WorkbookError, type WorkbookImportResult } from '../workbook-api';

export interface WorkbookTransferProps {
  planId: string;
  fiscalYear: number;
  /** The department whose items the workbook holds (the secretariat's choice; a department gets its own). */
  department?: string;
  /** False for the secretariat: it downloads, the departments upload. */
  canUpload?: boolean;
  /** Called after a successful upload (e.g. to refresh the sheets shown). */
  onImported?: (result: WorkbookImportResult) => void;
}

const OUTCOME: Record<WorkbookImportResult['sheets'][number]['outcome'], string> = {
  saved: '保存しました',
  unchanged: '変更なし',
  duplicate: '取り込み済み',
  skipped: '取り込んでいません（未記入、またはシステム上で変更済み）',
};

export function WorkbookTransfer({ planId, fiscalYear, department, canUpload = true, onImported }: WorkbookTransferProps) {
  const headingId = useId();
  const fileId = useId();
  const submitId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<'download' | 'upload' | undefined>();
  const [submit, setSubmit] = useState(false);
  const [result, setResult] = useState<WorkbookImportResult | undefined>();
  const [refused, setRefused] = useState<{ message: string; errors: WorkbookError[]; conflicts: WorkbookConflict[] } | undefined>();

  const fail = (error: unknown) => {
    if (error instanceof WorkbookRefused) setRefused({ message: error.message, errors: error.errors, conflicts: error.conflicts });
    else setRefused({ message: '処理できませんでした。もう一度お試しください。', errors: [], conflicts: [] });
  };

  const download = async () => {
    setBusy('download');
    setRefused(undefined);
    try {
      const { blob, fileName } = await downloadWorkbook(planId, fiscalYear, department);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(undefined);
    }
  };

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    setResult(undefined);
    if (!file) {
      setRefused({ message: '取り込む Excel ファイルを選んでください。', errors: [], conflicts: [] });
      return;
    }
    setBusy('upload');
    setRefused(undefined);
    try {
      const answer = await uploadWorkbook(planId, fiscalYear, file, submit);
      setResult(answer);
      onImported?.(answer);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section className="workbook-transfer" aria-labelledby={headingId}>
      <h2 id={headingId}>Excel で入力する</h2>
      <p>報告シートを Excel でダウンロードし、黄色のセルに入力してから取り込みます。誤りがあるときは何も保存されず、直す場所がシートとセルで示されます。</p>
      <button type="button" onClick={download} disabled={busy !== undefined} aria-busy={busy === 'download'}>
        {busy === 'download' ? 'ダウンロード中…' : 'Excel をダウンロード'}
      </button>
      {canUpload ? (
        <form onSubmit={upload} noValidate>
          <div className="field">
            <div className="field__label">
              <label htmlFor={fileId}>記入した Excel ファイル</label>
            </div>
            <input id={fileId} ref={fileInput} type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
          </div>
          <div className="field field--checkbox">
            <input id={submitId} type="checkbox" checked={submit} onChange={(e) => setSubmit(e.target.checked)} />
            <label htmlFor={submitId}>取り込んだシートを提出する</label>
          </div>
          <button type="submit" disabled={busy !== undefined} aria-busy={busy === 'upload'}>
            {busy === 'upload' ? '取り込み中…' : 'Excel を取り込む'}
          </button>
        </form>
      ) : null}
      <div aria-live="polite">
        {result ? (
          <div className="notice notice--success">
            <p>
              {result.sheets.filter((s) => s.outcome === 'saved').length} 枚のシートを保存し、{result.sheets.filter((s) => s.submitted).length} 枚を提出しました。
            </p>
            <ul>
              {result.sheets.map((s) => (
                <li key={s.itemId}>
                  {s.sheet}：{OUTCOME[s.outcome]}
                  {s.submitted ? '・提出しました' : ''}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      {refused ? (
        <div className="notice notice--error" role="alert">
          <p>{refused.message}</p>
          {refused.errors.length ? (
            <table>
              <caption>直すところ（{refused.errors.length} 件）</caption>
              <thead>
                <tr>
                  <th scope="col">シート</th>
                  <th scope="col">セル</th>
                  <th scope="col">内容</th>
                </tr>
              </thead>
              <tbody>
                {refused.errors.map((e, i) => (
                  <tr key={`${e.sheet}-${e.cell}-${i}`}>
                    <td>{e.sheet ?? '—'}</td>
                    <td>{e.cell ?? '—'}</td>
                    <td>{stripRef(e)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {refused.conflicts.length ? (
            <ul aria-label="書き出した後に変更されたシート">
              {refused.conflicts.map((c) => (
                <li key={c.itemId}>{c.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** The message without its leading "③-1!D31: " (the table shows sheet and cell in their own columns). */
function stripRef(error: WorkbookError): string {
  const ref = error.sheet ? (error.cell ? `${error.sheet}!${error.cell}: ` : `${error.sheet}: `) : '';
  return ref && error.message.startsWith(ref) ? error.message.slice(ref.length) : error.message;
}
