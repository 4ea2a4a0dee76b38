import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Main } from '../../components/Layout';

/** The public's frame: no sign-in, the published reports only, a way back to the sign-in form for staff. */
export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">本文へ移動</a>
      <header className="site-header">
        <div className="site-header__inner">
          <p className="site-title">
            <Link to="/app/public" className="site-title__link">
              行政改革 進行管理 公表資料
            </Link>
          </p>
          <nav aria-label="職員向け">
            <Link to="/">職員ログイン</Link>
          </nav>
        </div>
      </header>
      <Main>{children}</Main>
    </>
  );
}
