import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { Providers } from './Providers';
import { parseRoute } from './routing/routes';
import { preloadPage } from './shell/pages';
import './styles/app.css';

preloadPage(parseRoute(window.location.pathname));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <Providers>
      <App />
    </Providers>
  </StrictMode>,
);
