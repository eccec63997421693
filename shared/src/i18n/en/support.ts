/** What a browser that cannot do video calls is told (client/src/ui/browserSupport.ts). Whole sentences each. */
export const support = {
  working:
    'Circle works in a current Chrome, Edge or Firefox on a computer or Android phone, and should work in Safari 16.4 or newer on a Mac, iPhone or iPad.',
  openThere: 'Please open your invitation link in one of those.',
  openOrUpdate: 'Please open your invitation link in one of those, or update this browser.',
  meanwhile: 'Meanwhile, Messages reaches your therapist privately, and Crisis support is at the top of the screen.',
  elsewhere: 'Open your invitation link in a current Chrome, Edge or Firefox (or Safari 16.4 or newer).',
  still:
    'You can still join: you can use Crisis support at the top of the screen, send your therapist a private message and read the group chat.',
  insecure:
    'The page was not opened over a secure (https) link. Please open the invitation link exactly as you received it.',
  insecureRoom: 'Open the invitation link exactly as you received it (https).',
  noWebrtc: {
    headline: 'This browser cannot do video calls.',
    body: 'It is missing the part of the browser that sends and plays the group’s sound and video, so you would not see or hear the group here.',
    inRoom: 'You cannot see or hear the group here, and they cannot see or hear you.',
    reason: 'Not available: this browser cannot do video calls.',
  },
  noCodecs: {
    headline: 'This browser cannot play the group’s sound and video.',
    body: 'It does not support the sound and video formats the group uses, so you would not see or hear the group here.',
    inRoom: 'You cannot see or hear the group here, and they cannot see or hear you.',
    reason: 'Not available: this browser cannot play the group’s sound and video.',
  },
  noDevices: {
    headline: 'This browser cannot use your camera or microphone here.',
    body: 'You can join, see and hear the group, but others will not see or hear you.',
    still: 'You can still use Crisis support at the top of the screen and send your therapist a private message.',
    inRoom: 'You can see and hear the group, but they cannot see or hear you.',
    reason: 'Not available: this browser cannot use your camera or microphone.',
  },
  linkFailed: 'Not available: your sound and video could not connect from this network.',
} as const;
