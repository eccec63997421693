/** The crisis panel and the 988 lines (numbers and channels exact: see shared/src/crisis.ts). */
export const crisis = {
  lines: {
    call: 'Call 988',
    text: 'Text 988',
    chat: 'Chat at 988lifeline.org',
    veterans: 'Veterans: call 988 and press 1, or <sms>text 838255</sms>.',
    spanish: 'En español: call 988 and press 2, or <sms>text AYUDA to 988</sms>.',
    tty: 'Deaf or hard of hearing (TTY): <tty>dial 711</tty>, then 988.',
    danger: 'If you are in immediate danger, <call>call 911</call> or go to the nearest emergency room.',
  },
} as const;
