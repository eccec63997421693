import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { parseWithoutCodegen } from '@circle/shared';
import { App } from './App';
import './styles.css';

parseWithoutCodegen();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
