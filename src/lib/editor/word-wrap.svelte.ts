// The editor's word wrap, the person's choice remembered in localStorage; one per page, like the theme.

const STORAGE_KEY = 'playground:editor-word-wrap';

// localStorage throws where storage is blocked (a framed page with third-party storage off): then nothing is kept.
function readStored(): boolean {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

class WordWrap {
  on = $state(readStored());

  toggle(): void {
    this.on = !this.on;
    try {
      if (this.on) globalThis.localStorage?.setItem(STORAGE_KEY, 'on');
      else globalThis.localStorage?.removeItem(STORAGE_KEY);
    } catch {
      // Blocked storage or no quota: the choice holds for this page only.
    }
  }
}

export const wordWrap = new WordWrap();
