import type { PreviewMedia, SpeechChoice } from '../shared/previewProtocol';

/** How far a sound may drift from the clock before it is moved back onto it, in seconds. */
const driftSeconds = 0.15;

/**
 * The media elements and their clock. One element is the clock (the picture when there is one,
 * else the original sound, else the translated speech); the chosen sound follows it through play,
 * pause, seek and rate, and is moved back onto it when it drifts. The picture always plays muted:
 * VS Code's webviews decode no AAC, so the source's sound comes from a copy made by the extension.
 */
export class Player {
  private clock: HTMLMediaElement;
  private speech: SpeechChoice;
  private readonly sounds: Record<SpeechChoice, HTMLAudioElement>;
  /** A seek asked for before the clock knew its length, and the element it waits on. */
  private pending: { seconds: number; on: HTMLMediaElement } | undefined;

  constructor(
    private readonly picture: HTMLVideoElement,
    original: HTMLAudioElement,
    translated: HTMLAudioElement,
    speech: SpeechChoice,
    private readonly onTime: () => void,
  ) {
    this.sounds = { original, translated };
    this.speech = speech;
    this.clock = picture;
    for (const el of [picture, original, translated]) this.listen(el);
  }

  /** The element whose time is the player's time. */
  get master(): HTMLMediaElement {
    return this.clock;
  }

  /** The clock's time, or the time it is about to take: what the panel keeps when it is hidden before its media loaded. */
  get time(): number {
    return this.pending?.seconds ?? (this.clock.currentTime || 0);
  }

  /** Playing: a media element without a source that was asked to play is not paused, but plays nothing. */
  get playing(): boolean {
    return !this.clock.paused && this.clock.src !== '';
  }

  get choice(): SpeechChoice {
    return this.speech;
  }

  /** Loads what the extension sent, keeping the time; the clock is chosen again from what is there. */
  load(media: PreviewMedia, time: number, pictureFailed: boolean): void {
    setSource(this.picture, pictureFailed ? undefined : media.picture);
    setSource(this.sounds.original, media.original);
    setSource(this.sounds.translated, media.translated);
    const next = this.picture.src ? this.picture : this.sounds.original.src ? this.sounds.original : this.sounds.translated;
    if (next !== this.clock) {
      const wasPlaying = this.playing;
      this.clock.pause();
      this.clock = next;
      if (wasPlaying) void this.clock.play().catch(() => undefined);
    }
    this.seek(time);
    this.follow();
  }

  toggle(): void {
    if (!this.clock.src) return;
    if (this.clock.paused) void this.clock.play().catch(() => undefined);
    else this.clock.pause();
  }

  seek(seconds: number): void {
    const t = Math.max(0, seconds);
    if (this.clock.readyState === 0) {
      // Before its metadata a media element forgets a seek; the last one asked for is done once it knows its length.
      const clock = this.clock;
      if (this.pending?.on !== clock) {
        clock.addEventListener('loadedmetadata', () => {
          if (this.pending?.on !== clock) return;
          const wanted = this.pending.seconds;
          this.pending = undefined;
          this.seek(wanted);
        }, { once: true });
      }
      this.pending = { seconds: t, on: clock };
      return;
    }
    this.pending = undefined;
    this.clock.currentTime = t;
    this.follow();
  }

  setRate(rate: number): void {
    this.clock.playbackRate = rate;
    this.follow();
  }

  /** Switches the sound, keeping the time. */
  choose(speech: SpeechChoice): void {
    this.speech = speech;
    this.follow();
  }

  /** Puts every sound where the clock is: the chosen one audible and playing with it, the other paused. */
  private follow(): void {
    const clock = this.clock;
    clock.muted = clock === this.picture || clock !== this.sounds[this.speech];
    for (const [choice, el] of Object.entries(this.sounds) as [SpeechChoice, HTMLAudioElement][]) {
      if (el === clock || !el.src) continue;
      const chosen = choice === this.speech;
      el.muted = !chosen;
      el.playbackRate = clock.playbackRate;
      if (el.readyState > 0 && Math.abs(el.currentTime - clock.currentTime) > driftSeconds) el.currentTime = clock.currentTime;
      if (chosen && !clock.paused && el.paused) void el.play().catch(() => undefined);
      if ((!chosen || clock.paused) && !el.paused) el.pause();
    }
  }

  private listen(el: HTMLMediaElement): void {
    const onClock = (f: () => void) => () => {
      if (el === this.clock) f();
    };
    for (const name of ['play', 'pause', 'seeked', 'ratechange', 'timeupdate', 'loadedmetadata', 'canplay']) {
      el.addEventListener(name, onClock(() => {
        this.follow();
        this.onTime();
      }));
    }
    // Between time updates the highlight follows the picture frame by frame.
    el.addEventListener('play', onClock(() => this.tick()));
  }

  private tick(): void {
    if (this.clock.paused) return;
    this.onTime();
    requestAnimationFrame(() => this.tick());
  }
}

function setSource(el: HTMLMediaElement, src: string | undefined): void {
  if ((src ?? '') === (el.getAttribute('src') ?? '')) return;
  if (src) el.src = src;
  else {
    el.removeAttribute('src');
    el.load();
  }
}
