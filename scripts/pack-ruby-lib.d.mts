/** Source folder (repo-relative) → its path in the Ruby VM. */
export const RUBY_LIB_DIRS: [string, string][];
/** The packed file the Ruby worker imports (repo-relative). */
export const RUBY_LIB_JSON: string;
/** VM path → text of every Ruby file the runtime brings. */
export function rubyLibFiles(): Record<string, string>;
/** The text of workers/ruby/ruby-lib.json as it should be. */
export function packRubyLib(): string;
