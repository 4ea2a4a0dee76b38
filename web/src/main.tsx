import '@digital-go-jp/design-tokens/dist/tokens.css';
import './styles.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { PublicOr } from './pages/routes-admin-council-public';

const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <PublicOr>
          <App />
        </PublicOr>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
