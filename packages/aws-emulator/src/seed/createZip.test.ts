import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createZip } from './createZip';

describe('createZip', () => {
  it('builds an archive that Python reads back intact', () => {
    const zip = createZip([
      {
        name: 'index.py',
        content: 'def handler(event, context):\n    return 1\n',
      },
      { name: 'data/bytes.bin', content: new Uint8Array([0, 1, 2, 255]) },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'aws-emulator-zip-'));
    try {
      const file = join(dir, 'code.zip');
      writeFileSync(file, zip);
      const python = process.env.PYTHON || 'python3';
      const output = execFileSync(
        python,
        [
          '-c',
          [
            'import json, sys, zipfile',
            'z = zipfile.ZipFile(sys.argv[1])',
            'assert z.testzip() is None',
            'print(json.dumps({n: list(z.read(n)) for n in z.namelist()}))',
          ].join('\n'),
          file,
        ],
        { encoding: 'utf8' },
      );
      const files = JSON.parse(output);
      expect(Object.keys(files)).toEqual(['index.py', 'data/bytes.bin']);
      expect(Buffer.from(files['index.py']).toString('utf8')).toBe(
        'def handler(event, context):\n    return 1\n',
      );
      expect(files['data/bytes.bin']).toEqual([0, 1, 2, 255]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is byte-for-byte reproducible', () => {
    const entries = [{ name: 'a.txt', content: 'a' }];
    expect(createZip(entries).equals(createZip(entries))).toBe(true);
  });
});
