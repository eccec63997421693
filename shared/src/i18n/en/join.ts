/** The pre-join screen: camera and microphone check before entering. */
export const join = {
  heading: 'Get ready',
  headingNamed: 'Get ready, {{name}}',
  supervisorIntro:
    'You observe openly with your camera and microphone off. Everyone sees your name with “Supervisor observing” on a placeholder tile; your own tile looks the same to you.',
  preview: 'Your camera preview',
  cameraOff: 'Camera off',
  noCamera: 'No camera',
  noMicrophone: 'No microphone',
  camera: 'Camera',
  microphone: 'Microphone',
  speaker: 'Speaker',
  systemDefault: 'System default',
  cameraN: 'Camera {{n}}',
  microphoneN: 'Microphone {{n}}',
  speakerN: 'Speaker {{n}}',
  cameraWhenJoin: 'Camera when you join',
  microphoneWhenJoin: 'Microphone when you join',
  on: 'On',
  off: 'Off',
  joining: {
    onOn: 'You join with camera on, microphone on.',
    onMuted: 'You join with camera on, microphone muted.',
    offOn: 'You join with camera off, microphone on.',
    offMuted: 'You join with camera off, microphone muted.',
  },
  problem: {
    noCamera: 'We could not use your camera. You can still join with your microphone (audio only).',
    noMicrophone: 'We could not use your microphone. You can still join and listen; others will see you.',
    noDevices:
      'We could not use your camera or microphone. You can still join and listen. To allow them, use the camera icon in the address bar and reload.',
  },
  micLevel: 'Microphone level',
  micLevelValue: '{{percent}}%: {{word}}',
  level: {
    quiet: 'Quiet: say something to test your microphone',
    good: 'We can hear you',
    loud: 'Very loud: move back a little',
  },
  playing: 'Playing…',
  playTestSound: 'Play test sound',
  heardTwoNotes: 'Heard two notes? If not, turn up the volume or choose another speaker.',
  alerts: {
    title: 'Crisis alerts when this tab is in the background',
    granted: 'On: a crisis alert also shows as a notification from your browser (with no names).',
    denied:
      "Notifications are blocked in this browser. Alerts still change the tab's title and icon and sound an alarm. To allow them, use the icon in the address bar.",
    ask: "A crisis alert changes the tab's title and icon and sounds an alarm. It can also notify you when you are in another tab or window.",
    allow: 'Allow crisis notifications',
  },
} as const;
