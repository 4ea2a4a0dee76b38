import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Notice, TextField } from '../components/Field';
import { useFormErrors } from '../components/form-errors';
import { Main } from '../components/Layout';
import { PageTitle } from '../components/PageTitle';
import { useSignIn } from '../session';

/** The sign-in form; `notice` says why it is shown again (signed out, session ended). */
export function SignInPage({ notice }: { notice?: string }) {
  const signIn = useSignIn();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const { errors, formError, checked, refused } = useFormErrors();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!checked({ login: !login.trim() && 'ログインIDを入力してください。', password: !password && 'パスワードを入力してください。' })) return;
    try {
      await signIn.mutateAsync({ login, password });
    } catch (error) {
      refused(error, 'ログインできませんでした。');
      setPassword('');
    }
  }

  return (
    <Main>
      <div className="sign-in">
        <p className="sign-in__product">行政改革 進行管理</p>
        <PageTitle title="ログイン">ログイン</PageTitle>
        <p>管理者から受け取ったログインIDとパスワードを入力してください。</p>
        {notice && !formError ? <Notice kind="info">{notice}</Notice> : null}
        {formError ? <Notice kind="error">{formError}</Notice> : null}
        <form onSubmit={submit} noValidate className="form">
          <TextField label="ログインID" name="login" autoComplete="username" autoCapitalize="none" spellCheck={false} required value={login} onChange={(e) => setLogin(e.target.value)} error={errors.login} />
          <TextField label="パスワード" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} />
          <button type="submit" className="button button--primary" disabled={signIn.isPending}>
            ログイン
          </button>
        </form>
        <p className="field__hint">パスワードを忘れたときは、管理者にパスワードの再発行を依頼してください。</p>
        <p>
          <Link to="/app/public">公表資料</Link>（公表された進行管理報告書と総括は、ログインせずに閲覧できます）
        </p>
      </div>
    </Main>
  );
}
