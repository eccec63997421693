/** The group agreement and the safety check-in before the waiting room. */
export const checkin = {
  title: 'Before you join {{title}}',
  agreementTitle: 'Our group agreement',
  accept: 'I have read and accept the group agreement (version {{version}})',
  safetyTitle: 'Safety check-in',
  privacy: 'Only your therapists and the clinical supervisor see these answers.',
  location: 'Where are you right now? (city and state)',
  safePlace: 'I am in a private, safe place (not driving)',
  contact: 'Emergency contact (optional: name and phone)',
  submit: 'Join the waiting room',
  needAgreement: 'Please accept the group agreement to continue.',
  needLocation: 'Please tell your therapist where you are.',
  needSafePlace: 'Please confirm you are in a private, safe place.',
} as const;
