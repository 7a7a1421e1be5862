/**
 * The tone of a new critical alarm (WebAudio: no sound file to load), and its mute switch, remembered
 * per browser. Browsers allow sound only after the page has been used (a click, a key): before that the
 * tone is silently skipped, and the banner still says it.
 */

const MUTED_KEY = 'thanglong.alarmSound';
let context: AudioContext | null = null;

export const isAlarmSoundMuted = (): boolean => localStorage.getItem(MUTED_KEY) === 'off';

export function setAlarmSoundMuted(muted: boolean): void {
  if (muted) localStorage.setItem(MUTED_KEY, 'off');
  else localStorage.removeItem(MUTED_KEY);
}

/** Three short beeps, unless muted. Returns whether it was played. */
export function playCriticalTone(): boolean {
  if (isAlarmSoundMuted() || typeof AudioContext === 'undefined') return false;
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
    const start = context.currentTime + 0.05;
    for (let i = 0; i < 3; i++) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.type = 'square';
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, start + i * 0.3);
      gain.gain.exponentialRampToValueAtTime(0.15, start + i * 0.3 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.3 + 0.2);
      osc.connect(gain).connect(context.destination);
      osc.start(start + i * 0.3);
      osc.stop(start + i * 0.3 + 0.22);
    }
    return true;
  } catch {
    return false;
  }
}
