/** 988 Suicide & Crisis Lifeline (United States). Numbers and channels are exact; keep them so. */
export const CRISIS_LINES = {
  call: { label: 'Call 988', href: 'tel:988' },
  text: { label: 'Text 988', href: 'sms:988' },
  chat: { label: 'Chat at 988lifeline.org', href: 'https://988lifeline.org/chat/' },
  veteransText: { label: 'Veterans: text 838255', href: 'sms:838255' },
  spanishText: { label: 'En español: text AYUDA to 988', href: 'sms:988?body=AYUDA' },
  tty: { label: 'TTY: dial 711, then 988', href: 'tel:711' },
  emergency: { label: 'Call 911', href: 'tel:911' },
} as const;

/** Keyboard shortcut that opens the crisis panel on every screen. */
export const CRISIS_SHORTCUT = { key: 'h', altKey: true, shiftKey: true, label: 'Alt+Shift+H' } as const;
