/** The connection: the audio-only banner and the connection check's own words. */
export const network = {
  audioOnlyNetwork: 'Your connection is struggling, so you are on audio only. Others can still hear you.',
  audioOnlyChosen: 'You are on audio only: others hear you, and video is kept small to save your connection.',
  videoBack: 'Turn video back on',
  check: {
    title: 'Connection check',
    running: 'Checking your connection…',
    again: 'Check again',
    start: 'Check my connection',
    figures: 'Round trip {{rtt}} ms · loss {{loss}}% · video {{video}} kbps',
    figuresUplink: 'Round trip {{rtt}} ms · loss {{loss}}% · video {{video}} kbps (uplink {{uplink}} kbps)',
  },
} as const;
