import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api';
import { minutesUrl, useMinutesText } from '../../api/reports';
import { Notice } from '../../components/Field';
import { PageTitle } from '../../components/PageTitle';
import { fyLong } from '../../format';
import { cycleUrl } from '../department/DepartmentHome';

/** The minutes-ready summary of a cycle, as text that pastes into the city's minutes, with a copy button. */
export function MinutesPage() {
  const params = useParams();
  const planId = params.planId ?? '';
  const fiscalYear = Number(params.fy);
  const [format, setFormat] = useState<'md' | 'html'>('md');
  const text = useMinutesText(planId, fiscalYear, format);
  const [copied, setCopied] = useState<string>();
  const title = `${fyLong(fiscalYear)} 審議会用の要約`;
  return (
    <>
      <p className="breadcrumb">
        <Link to={cycleUrl(planId, fiscalYear)}>{fyLong(fiscalYear)}の進行管理</Link>
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      <p>評価の件数、B・C の取組と理由・方策、目標に届かなかった指標、前年度からの変化、差戻しの件数と理由、委員の意見をまとめた文章です。議事録にそのまま貼り付けられます。</p>
      <div className="actions">
        <button type="button" className={format === 'md' ? 'button button--primary' : 'button button--secondary'} aria-pressed={format === 'md'} onClick={() => setFormat('md')}>
          Markdown
        </button>
        <button type="button" className={format === 'html' ? 'button button--primary' : 'button button--secondary'} aria-pressed={format === 'html'} onClick={() => setFormat('html')}>
          HTML（Word に貼り付け）
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={!text.data}
          onClick={() =>
            void navigator.clipboard?.writeText(text.data ?? '').then(
              () => setCopied('コピーしました。'),
              () => setCopied('コピーできませんでした。文章を選択してコピーしてください。'),
            )
          }
        >
          要約をコピー
        </button>
        <a className="button button--secondary" href={minutesUrl(planId, fiscalYear, format)} download="">
          ファイルで保存
        </a>
      </div>
      <p role="status">{copied ?? ''}</p>
      {text.isPending ? <p role="status">読み込み中…</p> : null}
      {text.error ? <Notice kind="error">{text.error instanceof ApiError ? text.error.message : '読み込めませんでした。'}</Notice> : null}
      {text.data ? (
        <div className="field">
          <div className="field__label">
            <label htmlFor="minutes-text">要約の文章</label>
          </div>
          <textarea id="minutes-text" className="minutes" readOnly rows={24} value={text.data} data-testid="minutes-text" />
        </div>
      ) : null}
    </>
  );
}
