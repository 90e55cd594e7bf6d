// Shape checks shared by what the playground reads from outside itself: embed messages, share links and project
// files, and its own saved work (which may be hand-edited or from an older version).
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const isStringRecord = (v: unknown): v is Record<string, string> => isObject(v) && Object.values(v).every((x) => typeof x === 'string');
