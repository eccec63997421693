/** The connection: the audio-only banner and the connection check's own words. */
export const network = {
  audioOnlyNetwork: 'Your connection is struggling, so you are on audio only. Others can still hear you.',
  audioOnlyChosen: 'You are on audio only: others hear you, and video is kept small to save your connection.',
  mediaFailed: {
    title: 'Your sound and video could not connect from this network.',
    body: 'Others cannot see or hear you, and you cannot see or hear them; we keep trying. A phone hotspot or another network often helps. Meanwhile, Messages reaches your therapist privately, and Crisis support is at the top of the screen.',
  },
  verdict: {
    good: 'Your connection is good.',
    fair: 'Your connection is fair: video may sometimes be less sharp.',
    poor: 'Your connection is slow for video.',
    failed: 'We could not connect to the video service from this network.',
    untested: 'Sound and video were not tested: no camera or microphone could be used.',
    advice: {
      otherNetwork: 'Try another network (a phone hotspot often works), or ask your therapist for the phone-in option.',
      router: 'Move closer to your router, or use a network cable if you can.',
      audioOnly: 'Join audio-only: others will still hear you, and you will hear everyone.',
      downloads: 'Ask others at home to pause large downloads or streaming during the session.',
      headphones: 'Use headphones, so others do not hear themselves echo.',
    },
  },
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
