/** Words used across screens. */
export const common = {
  language: 'Language',
  /** Each language's own name, the same in every catalogue. */
  languageName: { en: 'English', es: 'Español' },
  close: 'Close',
  cancel: 'Cancel',
  save: 'Save',
  back: 'Back',
  loading: 'Loading…',
} as const;
