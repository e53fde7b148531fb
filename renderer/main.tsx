// Renderer entry: mount the studio, then start the session with main (catalog, document, events).

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './styles/theme.css';
import './styles/studio.css';
import './styles/canvas.css';
import './styles/panels.css';
import { App } from './App.tsx';
import { startSession } from './session.ts';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ReactFlowProvider>
      <App />
    </ReactFlowProvider>
  </StrictMode>,
);
void startSession();
