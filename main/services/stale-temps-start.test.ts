// The studio removes temporary outputs that dead processes left in the workspace when it starts
// (a `tributary run` killed with SIGKILL mid-write leaves one); a live process's temp stays.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StudioService } from './studio-service.ts';

const workspace = mkdtempSync(path.join(os.tmpdir(), 'tributary-stale-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('studio start', () => {
  it('removes the temps of dead processes in the workspace folders, keeps a live one', async () => {
    const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const out = path.join(workspace, 'pipelines', 'out');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, `.big.csv.tmp-${deadPid}-0badc0de`), 'half');
    writeFileSync(path.join(workspace, `.top.parquet.tmp-${deadPid}-deadbeef`), 'half');
    const live = `.live.csv.tmp-${process.pid}-aaaaaaaa`;
    writeFileSync(path.join(out, live), 'being written');
    writeFileSync(path.join(out, 'kept.csv'), 'a\n1\n');
    const service = new StudioService({ workspace, dataDir: path.join(workspace, '.tributary'), mode: 'browser', threads: 1 });
    try {
      expect((await service.staleTempsRemoved).map((p) => path.basename(p)).sort())
        .toEqual([`.big.csv.tmp-${deadPid}-0badc0de`, `.top.parquet.tmp-${deadPid}-deadbeef`]);
      expect(readdirSync(out).sort()).toEqual([live, 'kept.csv']);
    } finally {
      await service.close();
    }
  });
});
