import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connect, takeInviteToken } from './actions/room';
import { MEMBER_PATH, isStaffAppPath } from './stores/useStaffStore';
import './styles.css';

// A room link: open the connection now, while React renders the first screen (the room's
// component connects only if this did not).
const path = window.location.pathname;
if (path !== MEMBER_PATH && !isStaffAppPath(path)) {
  const token = takeInviteToken();
  if (token) connect(token);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
