import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startI18n } from './i18n';
import { connect, takeInviteToken } from './actions/room';
import { MEMBER_PATH, isStaffAppPath } from './stores/useStaffStore';
import './styles.css';

// A room link: open the connection now, while the texts load and React renders the first screen (the
// room's component connects only if this did not).
const path = window.location.pathname;
if (path !== MEMBER_PATH && !isStaffAppPath(path)) {
  const token = takeInviteToken();
  if (token) connect(token);
}

// The page's texts come from the catalogue in this person's language (Spanish loads first if chosen).
void startI18n().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
