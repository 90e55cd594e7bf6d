// Compare for a Python, Ruby or Go function: what it is set against (the same route in another language first).
import { describe, expect, it } from 'vitest';
import { compareTarget, compareTargets, conflictingPaths, functionRuntime, languageFunction } from '../../src/lib/compare-functions';

const PY = 'class handler: pass\n';
const JS = 'export default (req, res) => res.end()';

describe('compare: a language function against another function', () => {
  const files = { 'api/hello.py': PY, 'api/hello.js': JS, 'api/hello.go': 'package handler', 'api/time.rb': 'Handler = 1', 'app/api/x/route.ts': JS, 'README.md': '' };

  it('the same route in another language first, then the other functions under api/, then the rest', () => {
    expect(compareTargets(files, 'api/hello.py')).toEqual(['api/hello.go', 'api/hello.js', 'api/time.rb', 'app/api/x/route.ts']);
    expect(compareTarget(files, 'api/hello.py', null)).toBe('api/hello.go');
    expect(compareTarget(files, 'api/time.rb', null)).toBe('api/hello.go');
  });

  it("the person's pick while the project has it; a pick that is gone, or the file itself, falls back to the default", () => {
    expect(compareTarget(files, 'api/hello.py', 'api/hello.js')).toBe('api/hello.js');
    expect(compareTarget(files, 'api/hello.py', 'api/gone.js')).toBe('api/hello.go');
    expect(compareTarget(files, 'api/hello.py', 'api/hello.py')).toBe('api/hello.go');
    expect(compareTarget({ 'api/hello.py': PY }, 'api/hello.py', null)).toBeNull();
  });

  it('which files are language functions, and the runtime each side runs on', () => {
    expect(languageFunction(files, 'api/hello.py')).toBe('python');
    expect(languageFunction(files, 'api/hello.js')).toBeNull();
    expect(languageFunction({ 'requirements.txt': 'flask', 'app.py': 'app = 1\n' }, 'app.py')).toBe('python');
    expect(functionRuntime(files, 'api/hello.js')).toBe('nodejs');
    expect(functionRuntime(files, 'api/hello.go')).toBe('go');
  });

  it("two files of one path: Vercel's conflicting_file_path text, the first in file order named first", () => {
    expect(conflictingPaths('api/hello.py', 'api/hello.js')).toBe(
      'Two or more files have conflicting paths or names. Please make sure path segments and filenames, without their extension, are unique. The path "api/hello.js" has conflicts with "api/hello.py".',
    );
    expect(conflictingPaths('api/hello.py', 'api/time.rb')).toBeNull();
  });
});
