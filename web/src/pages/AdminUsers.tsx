import { useEffect, useRef, useState, type FormEvent } from 'react';
import { USER_ROLE_LABELS, type UserRole } from '../../../events/user.events';
import { dateTimeLong } from '../format';
import { ApiError } from '../api';
import { Notice, SelectField, TextField } from '../components/Field';
import { useFormErrors } from '../components/form-errors';
import { PageTitle } from '../components/PageTitle';
import type { Me } from '../session';
import { useCreateUser, useResetPassword, useUpdateUser, useUsers, type IssuedUser, type UserRow } from '../users-api';

const ROLES = Object.keys(USER_ROLE_LABELS) as UserRole[];

/** A one-time password, shown this once: the admin hands it over; it is not kept anywhere readable. */
function OneTimePassword({ issued: { login, password, passwordExpiresAt }, onClose }: { issued: IssuedUser; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [password]);
  return (
    <section className="one-time" aria-labelledby="one-time-title">
      <h2 id="one-time-title" tabIndex={-1} ref={heading}>
        {login} の初回パスワード
      </h2>
      <p>
        この表示を閉じると二度と表示されません。本人に安全な方法で伝えてください。本人は初回のログインのあと、新しいパスワードを設定します。
        有効期限：{dateTimeLong(passwordExpiresAt)}
      </p>
      <p className="one-time__password" data-testid="one-time-password">
        {password}
      </p>
      <div className="actions">
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void navigator.clipboard?.writeText(password).then(() => setCopied(true), () => setCopied(false))}
        >
          コピー
        </button>
        <button type="button" className="button button--primary" onClick={onClose}>
          伝えたので閉じる
        </button>
      </div>
      {copied ? <p role="status">コピーしました。</p> : null}
    </section>
  );
}

function CreateUserForm({ onCreated }: { onCreated: (issued: IssuedUser) => void }) {
  const create = useCreateUser();
  const [login, setLogin] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<UserRole | ''>('');
  const [department, setDepartment] = useState('');
  const { errors, formError, checked, refused } = useFormErrors();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const ok = checked({
      login: !login.trim() && 'ログインIDを入力してください。',
      name: !name.trim() && '氏名を入力してください。',
      role: !role && '役割を選んでください。',
      department: role === 'department' && !department.trim() && '担当課を入力してください。',
    });
    if (!ok || !role) return;
    try {
      const created = await create.mutateAsync({ login, name, role, ...(role === 'department' ? { department } : {}) });
      onCreated(created);
      setLogin('');
      setName('');
      setRole('');
      setDepartment('');
    } catch (error) {
      refused(error, '登録できませんでした。', (e) => (e.status === 409 ? { login: 'このログインIDは既に使われています。' } : undefined));
    }
  }

  return (
    <section aria-labelledby="create-title" className="panel">
      <h2 id="create-title">利用者の登録</h2>
      {formError ? <Notice kind="error">{formError}</Notice> : null}
      <form onSubmit={submit} noValidate className="form form--single">
        <TextField label="ログインID" name="login" autoComplete="off" autoCapitalize="none" spellCheck={false} required hint="半角英小文字・数字（例：sec1、zeimu.tanaka）" value={login} onChange={(e) => setLogin(e.target.value)} error={errors.login} />
        <TextField label="氏名" name="name" autoComplete="off" required value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
        <SelectField label="役割" name="role" required value={role} onChange={(e) => setRole(e.target.value as UserRole)} error={errors.role}>
          <option value="">選んでください</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {USER_ROLE_LABELS[r]}
            </option>
          ))}
        </SelectField>
        {role === 'department' ? (
          <TextField label="担当課" name="department" required hint="例：税務課" value={department} onChange={(e) => setDepartment(e.target.value)} error={errors.department} />
        ) : null}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            登録して初回パスワードを発行
          </button>
        </div>
      </form>
    </section>
  );
}

function EditUser({ user, me, onDone, onPassword }: { user: UserRow; me: Me; onDone: () => void; onPassword: (issued: IssuedUser) => void }) {
  const update = useUpdateUser();
  const reset = useResetPassword();
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<UserRole>(user.role);
  const [department, setDepartment] = useState(user.department ?? '');
  const { errors, formError, checked, refused } = useFormErrors();
  const self = user.login === me.login;

  async function run(action: () => Promise<unknown>) {
    checked({});
    try {
      await action();
      onDone();
    } catch (error) {
      refused(error, '変更できませんでした。');
    }
  }

  function save(event: FormEvent) {
    event.preventDefault();
    if (!checked({ department: role === 'department' && !department.trim() && '担当課を入力してください。' })) return;
    const changes = { name, role, department: role === 'department' ? department : null };
    void run(() => update.mutateAsync({ login: user.login, changes }));
  }

  return (
    <section className="panel" aria-labelledby="edit-title">
      <h2 id="edit-title">{user.login} の変更</h2>
      {formError ? <Notice kind="error">{formError}</Notice> : null}
      <form onSubmit={save} noValidate className="form form--grid">
        <TextField label="氏名" name="name" required value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
        <SelectField label="役割" name="role" required value={role} onChange={(e) => setRole(e.target.value as UserRole)} error={errors.role} disabled={self}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {USER_ROLE_LABELS[r]}
            </option>
          ))}
        </SelectField>
        {role === 'department' ? <TextField label="担当課" name="department" required value={department} onChange={(e) => setDepartment(e.target.value)} error={errors.department} /> : null}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={update.isPending}>
            変更を保存
          </button>
          <button type="button" className="button button--secondary" onClick={onDone}>
            キャンセル
          </button>
        </div>
      </form>
      <div className="actions actions--separated">
        {!self ? (
          <button type="button" className="button button--secondary" onClick={() => void run(() => update.mutateAsync({ login: user.login, changes: { disabled: user.status === 'active' } }))}>
            {user.status === 'active' ? 'この利用者を無効にする' : 'この利用者を有効にする'}
          </button>
        ) : null}
        <button
          type="button"
          className="button button--secondary"
          onClick={() =>
            void run(async () => {
              onPassword(await reset.mutateAsync(user.login));
            })
          }
        >
          パスワードを再発行
        </button>
      </div>
    </section>
  );
}

function statusText(user: UserRow): string {
  if (user.status === 'disabled') return '無効';
  return user.mustChangePassword ? '有効（初回パスワード未変更）' : '有効';
}

/** The admin's start screen: every account, creating one (its one-time password shown once), changing and disabling. */
export function AdminUsersPage({ me }: { me: Me }) {
  const users = useUsers();
  const [issued, setIssued] = useState<IssuedUser>();
  const [editing, setEditing] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const editedUser = users.data?.find((u) => u.login === editing);

  return (
    <>
      <PageTitle title="利用者管理">利用者管理</PageTitle>
      <p>
        ログインできる職員と委員の一覧です。登録すると初回パスワードが一度だけ表示されます。役割の変更や無効化は、すべて履歴に記録されます。
      </p>
      {issued ? <OneTimePassword issued={issued} onClose={() => setIssued(undefined)} /> : null}
      {saved ? <Notice kind="success">{saved}</Notice> : null}
      {editedUser ? (
        <EditUser
          key={editedUser.login}
          user={editedUser}
          me={me}
          onDone={() => {
            setEditing(undefined);
            setSaved(`${editedUser.login} を更新しました。`);
          }}
          onPassword={setIssued}
        />
      ) : null}
      <section aria-labelledby="list-title">
        <h2 id="list-title">利用者一覧{users.data ? `（${users.data.length}人）` : ''}</h2>
        {users.isPending ? <p role="status">読み込み中…</p> : null}
        {users.error ? <Notice kind="error">{users.error instanceof ApiError ? users.error.message : '一覧を読み込めませんでした。'}</Notice> : null}
        {users.data ? (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">利用者一覧</caption>
              <thead>
                <tr>
                  <th scope="col">ログインID</th>
                  <th scope="col">氏名</th>
                  <th scope="col">役割</th>
                  <th scope="col">担当課</th>
                  <th scope="col">状態</th>
                  <th scope="col">最終更新</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {users.data.map((u) => (
                  <tr key={u.login} className={u.status === 'disabled' ? 'row--muted' : undefined}>
                    <th scope="row">{u.login}</th>
                    <td>{u.name}</td>
                    <td>{USER_ROLE_LABELS[u.role]}</td>
                    <td>{u.department ?? '―'}</td>
                    <td>{statusText(u)}</td>
                    <td>{dateTimeLong(u.updatedAt)}</td>
                    <td>
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={`${u.login}（${u.name}）を変更`}
                        onClick={() => {
                          setSaved(undefined);
                          setEditing(u.login);
                        }}
                      >
                        変更
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <CreateUserForm
        onCreated={(created) => {
          setSaved(undefined);
          setIssued(created);
        }}
      />
    </>
  );
}
