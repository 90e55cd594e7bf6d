// Sizes in limit messages, for the page (src/lib/limits.ts re-exports these) and the Node harness alike.
// A size is compared with its limit in exact bytes: a body of 4 MiB + 1 byte must not read "4 MB; accepts 4 MB".

const KIB = 1024;
const MIB = KIB * KIB;

/** `4,194,305 bytes`: exact, grouped by thousands (the same in every locale). */
export function formatBytes(bytes: number): string {
  const grouped = String(bytes).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${grouped} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

/**
 * A limit in exact bytes and in the unit it is a round number of, which says whether the platform counts it in
 * binary or decimal units: `4,194,304 bytes (4 MiB)`, `4,500,000 bytes (4.5 MB)`, `16,384 bytes (16 KiB)`.
 */
export function formatLimit(bytes: number): string {
  const nominal = roundIn(bytes, MIB, 'MiB') ?? roundIn(bytes, 1000 * 1000, 'MB') ?? roundIn(bytes, KIB, 'KiB') ?? roundIn(bytes, 1000, 'kB');
  return nominal ? `${formatBytes(bytes)} (${nominal})` : formatBytes(bytes);
}

/** `4.5 MB` when `bytes` is a whole number of hundredths of `unit`, else null. */
function roundIn(bytes: number, unit: number, name: string): string | null {
  if (bytes < unit || (bytes * 100) % unit !== 0) return null;
  return `${bytes / unit} ${name}`;
}
