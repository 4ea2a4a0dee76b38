import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, Route, Routes } from 'react-router';
import { whenSessionEnds } from './api';
import { Notice } from './components/Field';
import { Layout, Main } from './components/Layout';
import { PageTitle } from './components/PageTitle';
import { AdminUsersPage } from './pages/AdminUsers';
import { adminCouncilPublicRoutes } from './pages/routes-admin-council-public';
import { ChangePasswordPage } from './pages/ChangePassword';
import { SignInPage } from './pages/SignIn';
import { StartPage } from './pages/Start';
import { ME_KEY, useMe, type Me } from './session';

function NotFound() {
  return (
    <>
      <PageTitle title="ページが見つかりません">ページが見つかりません</PageTitle>
      <p>
        お探しのページはありません。<Link to="/">ホームへ戻る</Link>
      </p>
    </>
  );
}

/** The start screen of a role: the admin's is the users screen; the others' show who is signed in and a plan. */
function Home({ me }: { me: Me }) {
  return me.role === 'admin' ? <AdminUsersPage me={me} /> : <StartPage me={me} />;
}

/**
 * Who sees what: nobody signed in → the sign-in form (on any address, which stays as it is); a
 * one-time password → only the password change; otherwise the role's screens inside the layout.
 */
export function App() {
  const me = useMe();
  const client = useQueryClient();
  const [notice, setNotice] = useState<string>();
  const wasSignedIn = useRef(false);

  useEffect(() => {
    whenSessionEnds(() => {
      setNotice('セッションの有効期限が切れました。もう一度ログインしてください。');
      client.setQueryData(ME_KEY, null);
    });
  }, [client]);

  useEffect(() => {
    if (me.data) {
      wasSignedIn.current = true;
      setNotice(undefined);
    } else if (me.data === null && wasSignedIn.current) {
      wasSignedIn.current = false;
      setNotice((current) => current ?? 'ログアウトしました。');
    }
  }, [me.data]);

  if (me.isPending) {
    return (
      <Main>
        <p role="status">読み込み中…</p>
      </Main>
    );
  }
  if (me.error) {
    return (
      <Main>
        <PageTitle title="エラー">接続できません</PageTitle>
        <Notice kind="error">サーバーに接続できません。時間をおいてページを再読み込みしてください。</Notice>
      </Main>
    );
  }
  if (!me.data) return <SignInPage notice={notice} />;
  if (me.data.mustChangePassword) {
    return (
      <Layout me={me.data} navigation={false}>
        <ChangePasswordPage me={me.data} forced />
      </Layout>
    );
  }
  const signedIn = me.data;
  return (
    <Layout me={signedIn}>
      <Routes>
        <Route path="/" element={<Home me={signedIn} />} />
        <Route path="/app/password" element={<ChangePasswordPage me={signedIn} forced={false} />} />
        <Route path="/app/admin/users" element={signedIn.role === 'admin' ? <AdminUsersPage me={signedIn} /> : <NotFound />} />
        {adminCouncilPublicRoutes}
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Layout>
  );
}
