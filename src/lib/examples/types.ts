// The shape of one example of the gallery: a project, the request(s) to send it, and what to look at.
import type { Files } from '../../../workers/protocol';
import type { Generation, LimitOverrides, Plan } from '../limits';
import type { BodyType } from '../request-draft';

export const EXAMPLE_GROUPS = [
  'Start here',
  'Next.js: choosing the runtime',
  'Vercel Node.js functions',
  'Python, Ruby and Go',
  'Limits',
  'Edge and Node.js differences',
] as const;
export type ExampleGroup = (typeof EXAMPLE_GROUPS)[number];

/** A request as the request builder holds it; the builder adds the content type for `bodyType` unless a header sets it. */
export interface ExampleRequest {
  /** Names the request on its button when an example has several. */
  label: string;
  method: string;
  url: string;
  headers?: [string, string][];
  cookies?: [string, string][];
  /** @default 'none' */
  bodyType?: BodyType;
  body?: string;
}

export interface Example {
  /** Used in `?example=<id>`: lower-case words joined by `-`. */
  id: string;
  title: string;
  group: ExampleGroup;
  /** Two sentences: what to look at when it runs. */
  look: string;
  /** Where the example comes from: the document, or the spec row it shows. */
  source: string;
  files: Files;
  /** The file the editor opens. */
  open: string;
  requests: [ExampleRequest, ...ExampleRequest[]];
  /** The Next.js version the example behaves as; absent: today's. */
  nextVersion?: string;
  plan?: Plan;
  generation?: Generation;
  /** Shortened deadlines, so a limit shows in seconds instead of minutes. */
  overrides?: LimitOverrides;
  env?: Record<string, string>;
}
