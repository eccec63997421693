export const supervisor = {} as const;
