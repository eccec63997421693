/** The clinician's side: the staff top bar, sign-in, the home page's titles, roles. */
export const clinic = {
  account: 'Your account',
  signOut: 'Sign out',
  signOutEverywhere: 'Sign out everywhere',
  role: {
    owner: 'Owner',
    admin: 'Administrator',
    therapist: 'Therapist',
    supervisor: 'Supervisor',
  },
  home: {
    loading: 'Loading…',
    setUpTwoStep: 'Set up 2-step sign-in',
    yourSessions: 'Your sessions',
    administration: 'Clinic administration',
  },
  signIn: {
    title: 'Sign in to Circle',
    codeTitle: 'Enter your sign-in code',
    email: 'Email',
    password: 'Password',
    code: 'Code from your authenticator app, or a recovery code',
    signingIn: 'Signing in…',
    signIn: 'Sign in',
    or: 'or',
    sso: 'Sign in with single sign-on',
    members:
      'Joining a group as a member? Open the invitation link your therapist sent you: members do not need an account.',
  },
  ssoOutcome: {
    pending:
      'Your single sign-on was received. An administrator of this clinic has to approve it once; then sign in with single sign-on again.',
    declined: 'An administrator declined this single sign-on.',
    refused: 'This account cannot sign in: it is disabled. Ask an administrator of your clinic.',
    unverified: 'Your identity provider did not confirm your email address, so Circle cannot match it to an account.',
    failed: 'Single sign-on did not complete. Please try again.',
    unavailable:
      'The single sign-on provider cannot be reached right now. Try again in a moment, or sign in with your password.',
    off: 'Single sign-on is not set up for this clinic. Sign in with your password.',
  },
} as const;
