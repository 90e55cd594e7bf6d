// Whether two string records (a project's files, an environment, dependencies) hold the same keys with the same
// values: a shallow compare, enough because the values are strings.
export function sameRecord(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}
