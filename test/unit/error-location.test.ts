// The user's file:line from each runtime's stack: V8 (edge, Node.js), Go (yaegi), Ruby and Python, innermost frame
// in a project file first; frames outside the project are passed over.
import { describe, expect, it } from 'vitest';
import { errorLocation, formatLocation } from '../../src/lib/error-location';
import { stackLocation } from '../../src/lib/editor/markers';

const files = { 'api/boom.go': '', 'api/boom.py': '', 'api/top.rb': '', 'app/api/hello/route.ts': '' };

describe('errorLocation', () => {
  it('V8: the first frame in a project file, with its column', () => {
    const stack = 'Error: boom\n    at inner (blob:https://x/1234:10:5)\n    at GET (app/api/hello/route.ts:4:9)\n    at node:internal/x:1:1';
    expect(errorLocation(stack, files)).toEqual({ file: 'app/api/hello/route.ts', line: 4, column: 9 });
  });

  it('Go: yaegi frames as `    at api/boom.go:6:2`, innermost first', () => {
    const stack = 'panic: boom\n    at api/boom.go:6:2\n    at api/boom.go:10:2';
    expect(formatLocation(errorLocation(stack, files)!)).toBe('api/boom.go:6');
  });

  it('Ruby: `from /var/task/api/top.rb:2:in …`, the task root taken off; runtime frames skipped', () => {
    const stack = "JSON::ParserError: unexpected token\n\tfrom /opt/vercel/lib/json/common.rb:219:in 'parse'\n\tfrom /var/task/api/top.rb:2:in '<top (required)>'";
    expect(errorLocation(stack, files)).toEqual({ file: 'api/top.rb', line: 2, column: null });
  });

  it('Python: the traceback\'s last user frame is the innermost', () => {
    const stack = 'Traceback (most recent call last):\n  File "api/boom.py", line 5, in app\n    return helper()\n  File "api/boom.py", line 2, in helper\n    return 1 / 0\nZeroDivisionError: division by zero\n';
    expect(errorLocation(stack, files)).toEqual({ file: 'api/boom.py', line: 2, column: null });
  });

  it('nothing in the project, or no stack: null', () => {
    expect(errorLocation('Error\n    at x (node:internal/a:1:2)\n\tfrom /opt/vercel/x.rb:3:in `y`', files)).toBeNull();
    expect(errorLocation(undefined, files)).toBeNull();
    expect(errorLocation('  File "api/other.py", line 3, in x', files)).toBeNull();
  });

  it('the editor marks the same place (column 0-based; the line start when the runtime names no column)', () => {
    expect(stackLocation('panic: boom\n    at api/boom.go:6:2', files, 't')).toEqual({ file: 'api/boom.go', line: 6, column: 1, text: 't' });
    expect(stackLocation('  File "api/boom.py", line 2, in helper', files, 't')).toEqual({ file: 'api/boom.py', line: 2, column: 0, text: 't' });
  });
});
