import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Notice, TextField } from '../components/Field';
import { useFormErrors } from '../components/form-errors';
import { PageTitle } from '../components/PageTitle';
import { useChangePassword, type Me } from '../session';

const POLICY = '10文字以上で、ログインIDと異なるもの。長い文（例：好きな言葉をつなげたもの）がおすすめです。';

/**
 * Choosing one's own password: forced after a one-time password (the new one only: the session has
 * just proved the old one), or from the menu (then the current one too).
 */
export function ChangePasswordPage({ me, forced }: { me: Me; forced: boolean }) {
  const change = useChangePassword();
  const navigate = useNavigate();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const { errors, formError, checked, refused } = useFormErrors();
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const ok = checked({
      currentPassword: !forced && !currentPassword && '現在のパスワードを入力してください。',
      newPassword: !newPassword ? '新しいパスワードを入力してください。' : [...newPassword].length < 10 && 'パスワードは10文字以上にしてください。',
    });
    if (!ok) return;
    try {
      await change.mutateAsync(forced ? { newPassword } : { currentPassword, newPassword });
      setDone(true);
      setCurrent('');
      setNew('');
      if (forced) navigate('/', { replace: true });
    } catch (error) {
      refused(error, 'パスワードを変更できませんでした。');
    }
  }

  return (
    <div className="narrow">
      <PageTitle title="パスワードの変更">パスワードの変更</PageTitle>
      {forced ? (
        <Notice kind="info">
          {me.name}さん、初回のパスワードでログインしました。続けるには、ご自身で新しいパスワードを設定してください。
        </Notice>
      ) : null}
      {done ? <Notice kind="success">パスワードを変更しました。ほかの端末のログインは終了しました。</Notice> : null}
      {formError ? <Notice kind="error">{formError}</Notice> : null}
      <form onSubmit={submit} noValidate className="form">
        <input type="text" name="username" autoComplete="username" value={me.login} readOnly hidden />
        {!forced ? (
          <TextField label="現在のパスワード" name="currentPassword" type="password" autoComplete="current-password" required value={currentPassword} onChange={(e) => setCurrent(e.target.value)} error={errors.currentPassword} />
        ) : null}
        <TextField label="新しいパスワード" name="newPassword" type="password" autoComplete="new-password" required hint={POLICY} value={newPassword} onChange={(e) => setNew(e.target.value)} error={errors.newPassword} />
        <button type="submit" className="button button--primary" disabled={change.isPending}>
          パスワードを変更
        </button>
      </form>
    </div>
  );
}
