import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cPrograms, parseObservations } from './c-programs.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-test-peers-c-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, 'count.c'),
  '#include <stdio.h>\nint main(void) { for (int i = 1; i <= 3; i++) printf("n.%d %d\\n", i, -i * 7); return 0; }\n',
);
writeFileSync(join(dir, 'count.expected'), 'n.1 -7\nn.2 -14\nn.3 -21\n');
writeFileSync(join(dir, 'broken.c'), 'int main(void) { return }\n');

describe('parseObservations', () => {
  it('reads key value lines in order, values as numbers, with or without a final newline', () => {
    expect(parseObservations('a.b 1\nc -20\n')).toEqual([
      ['a.b', 1],
      ['c', -20],
    ]);
    expect(parseObservations('x 17408')).toEqual([['x', 17408]]);
  });
});

describe('cPrograms', () => {
  const programs = cPrograms({ dir: pathToFileURL(`${dir}/`), header: 'stdio.h', libs: [] });

  it('reads <name>.expected from the folder, given as a file: URL or a path', () => {
    expect(programs.recorded('count')).toEqual([
      ['n.1', -7],
      ['n.2', -14],
      ['n.3', -21],
    ]);
    expect(cPrograms({ dir, header: 'stdio.h', libs: [] }).recorded('count')).toEqual(
      programs.recorded('count'),
    );
  });

  it('says why it cannot compile when the header is missing', () => {
    const missing = cPrograms({ dir, header: 'strata/no-such-header.h', libs: [] });
    expect(missing.cannotCompile()).toMatch(/not installed/);
  });

  const reason = programs.cannotCompile();
  it.skipIf(reason !== undefined)(
    `compiles and runs <name>.c, and throws when gcc fails${reason ? ` (skipped: ${reason})` : ''}`,
    () => {
      expect(programs.runC('count')).toEqual(programs.recorded('count'));
      expect(() => programs.runC('broken')).toThrow();
    },
  );
});
