import { useState, type FormEvent } from 'react';
import { ApiError } from '../api';
import { Notice, TextField } from '../components/Field';
import { Main } from '../components/Layout';
import { PageTitle } from '../components/PageTitle';
import { useSignIn } from '../session';

/** The sign-in form; `notice` says why it is shown again (signed out, session ended). */
export function SignInPage({ notice }: { notice?: string }) {
  const signIn = useSignIn();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!login.trim()) missing.login = 'ログインIDを入力してください。';
    if (!password) missing.password = 'パスワードを入力してください。';
    setErrors(missing);
    setFormError(undefined);
    if (Object.keys(missing).length) return;
    try {
      await signIn.mutateAsync({ login, password });
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fields).length) setErrors(error.fields);
      else setFormError(error instanceof ApiError ? error.message : 'ログインできませんでした。');
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
      </div>
    </Main>
  );
}
