import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';

import { Notice, TextField } from '../../components/Field';
import { PageTitle } from '../../components/PageTitle';
import { eventLabel, readError, roleLabel, dateTimeSeconds } from '../shared';
import { streamPage, type StreamEvent } from './admin-api';

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,200}$/;

/** A value of an event's data as a person reads it: text as it is, numbers and flags plainly, structures indented. */
function readable(value: unknown): string {
  if (value === null || value === undefined) return '―';
  if (typeof value === 'string') return value === '' ? '（空）' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, null, 2);
}

/** The data fields people meet most, in Japanese (the field's own name stays beside it). */
const FIELD_LABELS: Record<string, string> = {
  planId: '計画ID',
  fiscalYear: '年度',
  itemId: '取組事項',
  item: '取組事項',
  indicator: '指標',
  content: '内容',
  department: '担当課',
  departments: '担当課',
  at: '日時',
  by: '実行者',
  comment: 'コメント',
  resubmission: '再提出',
  dueDate: '提出期限',
  meetingName: '会議',
  meetingDate: '開催日',
  member: '委員',
  text: '意見',
  resolution: '結論',
  revision: '版',
  reason: '理由',
  login: 'ログインID',
  name: '氏名',
  role: '役割',
  title: '名称',
  municipality: '自治体',
  period: '計画期間',
  levels: '階層',
};

function EventEntry({ event }: { event: StreamEvent }) {
  const actor = event.metadata.actor;
  const data = event.data && typeof event.data === 'object' && !Array.isArray(event.data) ? Object.entries(event.data as Record<string, unknown>) : [['data', event.data] as const];
  return (
    <li>
      <h3>
        {event.revision + 1}. {eventLabel(event.type)}（{event.type}）
      </h3>
      <dl>
        <dt>日時</dt>
        <dd>{dateTimeSeconds(event.timestamp)}</dd>
        <dt>実行者</dt>
        <dd>{actor ? `${actor.sub}（${roleLabel(actor.role)}${actor.department ? `・${actor.department}` : ''}）` : '―'}</dd>
        <dt>記録位置</dt>
        <dd>
          {event.position}（ストリーム内 {event.revision}）
        </dd>
        {event.metadata.requestId ? (
          <>
            <dt>要求ID</dt>
            <dd>{event.metadata.requestId}</dd>
          </>
        ) : null}
        {event.metadata.schemaVersion ? (
          <>
            <dt>版</dt>
            <dd>{event.metadata.schemaVersion}</dd>
          </>
        ) : null}
      </dl>
      <details open>
        <summary>内容（{data.length}項目）</summary>
        <dl>
          {data.map(([key, value]) => (
            <div key={key} className="history__pair">
              <dt>{FIELD_LABELS[key] ? `${FIELD_LABELS[key]}（${key}）` : key}</dt>
              <dd>
                <pre className="event-data">{readable(value)}</pre>
              </dd>
            </div>
          ))}
        </dl>
      </details>
    </li>
  );
}

/** One stream's history: every event in order, with who, when and its data. */
export function AdminStreamPage() {
  const { streamId } = useParams();
  const navigate = useNavigate();
  const [input, setInput] = useState(streamId ?? '');
  const [error, setError] = useState<string>();
  const history = useInfiniteQuery({
    queryKey: ['admin', 'stream', streamId],
    queryFn: ({ pageParam }) => streamPage(streamId!, pageParam),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextRevision ?? undefined,
    enabled: !!streamId,
    retry: false,
  });

  function open(event: FormEvent) {
    event.preventDefault();
    const id = input.trim();
    if (!STREAM_ID.test(id)) {
      setError('ストリームIDは半角英数字と「-」「_」「.」で入力してください（例：plan-計画ID、sheet-計画ID-2023-1）。');
      return;
    }
    setError(undefined);
    navigate(`/app/admin/streams/${encodeURIComponent(id)}`);
  }

  const events = history.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <>
      <PageTitle title={streamId ? `記録の履歴 ${streamId}` : '記録の履歴'}>記録の履歴{streamId ? `：${streamId}` : ''}</PageTitle>
      <p>ひとつの記録（計画・年度・シート・利用者など）に起きたことを、起きた順にすべて表示します。</p>
      <form onSubmit={open} noValidate className="form form--inline">
        <TextField label="ストリームID" name="streamId" autoComplete="off" spellCheck={false} required hint="例：plan-計画ID、cycle-計画ID-2023、sheet-計画ID-2023-1、user-ログインID" value={input} onChange={(e) => setInput(e.target.value)} error={error} />
        <button type="submit" className="button button--primary">
          表示
        </button>
      </form>
      {history.error ? <Notice kind="error">{readError(history.error, 'このストリームIDの記録はありません。')}</Notice> : null}
      {history.isPending && streamId ? <p role="status">読み込み中…</p> : null}
      {events.length ? (
        <section aria-labelledby="events-title">
          <h2 id="events-title">出来事（{events.length}件{history.hasNextPage ? '以上' : ''}）</h2>
          <ol className="history">
            {events.map((e) => (
              <EventEntry key={e.id ?? e.revision} event={e} />
            ))}
          </ol>
          {history.hasNextPage ? (
            <button type="button" className="button button--secondary" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage}>
              続きを読み込む
            </button>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
