import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type JSX } from 'react';
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
import { DepartmentCyclePage, DepartmentHome } from './pages/department/DepartmentHome';
import { SheetPage } from './pages/department/SheetPage';
import { CycleDashboard } from './pages/secretariat/CycleDashboard';
import { MinutesPage } from './pages/secretariat/MinutesPage';
import { NewPlanPage, PlanPage } from './pages/secretariat/PlanPage';
import { ReviewPage } from './pages/secretariat/ReviewPage';
import { ReviewQueuePage } from './pages/secretariat/ReviewQueuePage';
import { SecretariatHome } from './pages/secretariat/SecretariatHome';
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

/** The start screen of each role. */
function Home({ me }: { me: Me }) {
  switch (me.role) {
    case 'admin':
      return <AdminUsersPage me={me} />;
    case 'department':
      return <DepartmentHome me={me} />;
    case 'secretariat':
      return <SecretariatHome me={me} />;
    default:
      return <StartPage me={me} />;
  }
}

/** One address per cycle and per sheet; what it shows depends on who opens it. */
function CycleRoute({ me }: { me: Me }) {
  if (me.role === 'secretariat') return <CycleDashboard />;
  if (me.role === 'department') return <DepartmentCyclePage me={me} />;
  return <NotFound />;
}

function SheetRoute({ me }: { me: Me }) {
  if (me.role === 'secretariat') return <ReviewPage />;
  if (me.role === 'department') return <SheetPage me={me} />;
  return <NotFound />;
}

const only = (me: Me, role: Me['role'], element: JSX.Element) => (me.role === role ? element : <NotFound />);

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
        <Route path="/app/review-queue" element={only(signedIn, 'secretariat', <ReviewQueuePage />)} />
        <Route path="/app/plans/new" element={only(signedIn, 'secretariat', <NewPlanPage />)} />
        <Route path="/app/plans/:planId" element={only(signedIn, 'secretariat', <PlanPage />)} />
        <Route path="/app/plans/:planId/cycles/:fy" element={<CycleRoute me={signedIn} />} />
        <Route path="/app/plans/:planId/cycles/:fy/minutes" element={only(signedIn, 'secretariat', <MinutesPage />)} />
        <Route path="/app/plans/:planId/cycles/:fy/items/:itemId" element={<SheetRoute me={signedIn} />} />
        {adminCouncilPublicRoutes}
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Layout>
  );
}
