import { useEffect, type ReactNode } from 'react';

/** The page heading (focusable, so navigation can move focus to it) and the document title. */
export function PageTitle({ children, title }: { children: ReactNode; title: string }) {
  useEffect(() => {
    document.title = `${title} | 行政改革 進行管理`;
  }, [title]);
  return <h1 tabIndex={-1}>{children}</h1>;
}
