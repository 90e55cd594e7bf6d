// How WebContainerHost starts processes: the environment and terminal every spawn gets, and npm's own switches.

/**
 * Every process gets a pseudo-terminal (the API has no way to spawn without one), so libraries that colour a TTY's
 * output would print escape codes into the logs: these ask them not to. `TERM=dumb` also stops cursor tricks.
 */
export const PLAIN_OUTPUT_ENV: Readonly<Record<string, string>> = {
  NO_COLOR: '1',
  FORCE_COLOR: '0',
  NODE_DISABLE_COLORS: '1',
  TERM: 'dumb',
};

/** npm: no colours, no progress spinner (its redraws are noise once the escape codes are gone). */
export const NPM_ENV: Readonly<Record<string, string>> = {
  ...PLAIN_OUTPUT_ENV,
  npm_config_color: 'false',
  npm_config_progress: 'false',
};

/** Wide, so a long log line is never wrapped by the terminal; the rows do not matter for a process nobody watches. */
export const TERMINAL_SIZE = { cols: 1000, rows: 40 } as const;
