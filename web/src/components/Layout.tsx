import { useEffect, useRef, type ReactNode } from 'react';
import { NavLink, useLocation, useNavigate } from 'react-router';
import { adminCouncilNavigation } from '../pages/routes-admin-council-public';
import type { Me } from '../session';
import { useSignOut } from '../session';

/** Which screens each role reaches from the navigation; the screens step adds theirs here. */
function navigation(me: Me): { to: string; label: string }[] {
  const home = { to: '/', label: me.role === 'admin' ? '利用者管理' : 'ホーム' };
  const byRole: Record<string, { to: string; label: string }[]> = {
    secretariat: [
      { to: '/app/review-queue', label: '審査待ち一覧' },
      { to: '/app/plans/new', label: '計画の作成' },
    ],
  };
  return [home, ...(byRole[me.role] ?? []), ...adminCouncilNavigation(me.role), { to: '/app/password', label: 'パスワード変更' }];
}

export function Layout({ me, children, navigation: showNavigation = true }: { me: Me; children: ReactNode; navigation?: boolean }) {
  const signOut = useSignOut();
  const navigate = useNavigate();
  return (
    <>
      <a className="skip-link" href="#main">本文へ移動</a>
      <header className="site-header">
        <div className="site-header__inner">
          <p className="site-title">行政改革 進行管理</p>
          <div className="site-user">
            <span>
              {me.name}（{me.roleLabel}
              {me.department ? `・${me.department}` : ''}）
            </span>
            <button type="button" className="button button--secondary" onClick={() => signOut.mutate(undefined, { onSuccess: () => navigate('/', { replace: true }) })} disabled={signOut.isPending}>
              ログアウト
            </button>
          </div>
        </div>
        {showNavigation ? (
          <nav className="site-nav" aria-label="メインメニュー">
            <ul>
              {navigation(me).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end>
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <Main>{children}</Main>
    </>
  );
}

/** The page's main region; after a client-side navigation focus moves to its heading, as a page load would. */
export function Main({ children }: { children: ReactNode }) {
  const location = useLocation();
  const ref = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    ref.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [location.pathname]);
  return (
    <main id="main" ref={ref} className="page">
      {children}
    </main>
  );
}
