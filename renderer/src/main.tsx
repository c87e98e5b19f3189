import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './app';
import { applyTheme, cachedTheme } from './features/settings/store';
import './styles/theme.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/components.css';
import './styles/layout.css';
import './styles/builder.css';
import './styles/presets.css';
import './styles/queue.css';
import './styles/history.css';
import './styles/settings.css';
import './styles/drop-overlay.css';

// Paint the last theme before main answers, so a dark-mode user never sees a white flash.
applyTheme(cachedTheme());

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
