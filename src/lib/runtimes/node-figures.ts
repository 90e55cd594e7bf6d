// Published cold start figures (runtime-spec.md §6), shown beside what the playground measured and labelled as the
// platform's: the playground never adds a simulated delay to a measured time.

export interface PlatformFigure {
  label: string;
  value: string;
  source: string;
}

export const PLATFORM_COLD_START_FIGURES: readonly PlatformFigure[] = [
  { label: 'Node.js (lambda) cold boot', value: '~250 ms', source: 'Next.js docs, Edge and Node.js runtimes table' },
  { label: 'Edge cold boot', value: 'Instant', source: 'Next.js docs, same table' },
  { label: 'Serverless cold, p50', value: '859 ms', source: 'openstatus.dev, 2024-03-14, end-to-end from probes' },
  { label: 'Serverless warm, p50', value: '246 ms', source: 'openstatus.dev, 2024-03-14, end-to-end from probes' },
];
