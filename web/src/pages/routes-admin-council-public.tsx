/**
 * The admin, council and public screens, kept apart from the department and secretariat screens so
 * both grow without touching each other: `adminCouncilPublicRoutes` goes inside the signed-in
 * layout's <Routes>; `PublicApp` answers /app/public/* for everybody, signed in or not.
 */
import type { ReactNode } from 'react';
import { Link, Route, Routes, useLocation } from 'react-router';
import { PageTitle } from '../components/PageTitle';
import { useMe } from '../session';
import type { UserRole } from '../../../events/user.events';
import { AdminAuditPage } from './admin/AdminAudit';
import { AdminRebuildPage } from './admin/AdminRebuild';
import { AdminStreamPage } from './admin/AdminStream';
import { AdminTimeTravelPage } from './admin/AdminTimeTravel';
import { CouncilReportsPage } from './council/CouncilReports';
import { PublicLayout } from './public/PublicLayout';
import { PublicReportPage, PublicReportsPage } from './public/PublicReports';

/** A screen only some roles open; the others see "not found", as for an address that does not exist. */
function Only({ roles, children }: { roles: UserRole[]; children: ReactNode }) {
  const me = useMe();
  if (me.data && roles.includes(me.data.role)) return <>{children}</>;
  return (
    <>
      <PageTitle title="ページが見つかりません">ページが見つかりません</PageTitle>
      <p>
        お探しのページはありません。<Link to="/">ホームへ戻る</Link>
      </p>
    </>
  );
}

export const adminCouncilPublicRoutes = (
  <>
    <Route path="/app/admin/audit" element={<Only roles={['admin']}><AdminAuditPage /></Only>} />
    <Route path="/app/admin/streams" element={<Only roles={['admin']}><AdminStreamPage /></Only>} />
    <Route path="/app/admin/streams/:streamId" element={<Only roles={['admin']}><AdminStreamPage /></Only>} />
    <Route path="/app/admin/time-travel" element={<Only roles={['admin']}><AdminTimeTravelPage /></Only>} />
    <Route path="/app/admin/rebuild" element={<Only roles={['admin']}><AdminRebuildPage /></Only>} />
    <Route path="/app/council" element={<Only roles={['council', 'secretariat']}><CouncilReportsPage /></Only>} />
  </>
);

/** The navigation entries of these screens, per role (for the layout's menu). */
export function adminCouncilNavigation(role: UserRole): { to: string; label: string }[] {
  if (role === 'admin')
    return [
      { to: '/app/admin/audit', label: '監査証跡' },
      { to: '/app/admin/streams', label: '記録の履歴' },
      { to: '/app/admin/time-travel', label: '時点指定の報告書' },
      { to: '/app/admin/rebuild', label: '再構築' },
    ];
  if (role === 'council') return [{ to: '/app/council', label: '審議会の資料' }];
  return [];
}

export const isPublicPath = (pathname: string) => pathname === '/app/public' || pathname.startsWith('/app/public/');

function PublicNotFound() {
  return (
    <>
      <PageTitle title="ページが見つかりません">ページが見つかりません</PageTitle>
      <p>
        お探しのページはありません。<Link to="/app/public">公表資料の一覧へ</Link>
      </p>
    </>
  );
}

/** The public's screens: the published reports, no sign-in. */
export function PublicApp() {
  return (
    <PublicLayout>
      <Routes>
        <Route path="/app/public" element={<PublicReportsPage />} />
        <Route path="/app/public/plans/:planId/annual/:fy" element={<PublicReportPage kind="annual" />} />
        <Route path="/app/public/plans/:planId/summary" element={<PublicReportPage kind="summary" />} />
        <Route path="*" element={<PublicNotFound />} />
      </Routes>
    </PublicLayout>
  );
}

/** At the root: /app/public/* for everybody, everything else through the signed-in application. */
export function PublicOr({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return isPublicPath(pathname) ? <PublicApp /> : <>{children}</>;
}
