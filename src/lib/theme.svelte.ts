// The colour theme: the person's choice (system, light or dark, remembered in localStorage), the scheme it resolves
// to, and the root's `data-theme` that theme.css reads. One per page, so a module singleton rather than context.

export type ThemeChoice = 'system' | 'light' | 'dark';
export type ColourScheme = 'light' | 'dark';

export const THEME_CHOICES: readonly { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

const STORAGE_KEY = 'playground:theme';
const isChoice = (v: unknown): v is ThemeChoice => THEME_CHOICES.some((c) => c.value === v);

// localStorage throws where storage is blocked (a framed page with third-party storage off): then nothing is kept.
function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

function store(choice: ThemeChoice): void {
  try {
    if (choice === 'system') globalThis.localStorage?.removeItem(STORAGE_KEY);
    else globalThis.localStorage?.setItem(STORAGE_KEY, choice);
  } catch {
    // Blocked storage or no quota: the choice holds for this page only.
  }
}

class Theme {
  /** What the person picked. */
  choice = $state<ThemeChoice>('system');
  #systemDark = $state(false);
  /** False while an override is in force. */
  #remember = true;
  /** The scheme in use: the choice, or the system's for `system`. */
  readonly scheme = $derived<ColourScheme>(this.choice === 'system' ? (this.#systemDark ? 'dark' : 'light') : this.choice);

  /**
   * Reads the remembered choice and follows the system's. `override` (an embed's `?theme=`) wins for this page
   * and is not remembered: a host page's look is not the person's preference.
   */
  start(override?: string | null): void {
    const media = matchMedia('(prefers-color-scheme: dark)');
    this.#systemDark = media.matches;
    media.addEventListener('change', (e) => (this.#systemDark = e.matches));
    this.#remember = !isChoice(override);
    const stored = readStored();
    this.#apply(isChoice(override) ? override : isChoice(stored) ? stored : 'system');
  }

  set(choice: ThemeChoice): void {
    this.#apply(choice);
    if (this.#remember) store(choice);
  }

  #apply(choice: ThemeChoice): void {
    this.choice = choice;
    const root = document.documentElement;
    if (choice === 'system') delete root.dataset.theme;
    else root.dataset.theme = choice;
  }
}

export const theme = new Theme();
