// The studio's calls over the run history and the schedules (main/api.ts history.* and
// schedules.*), kept beside the runner so studio-service.ts only wires them in.

import type { ApiCalls } from '../../api.ts';
import { DocumentIssuesError } from '../api-error.ts';
import { resolveWorkspacePath, type PathPolicy } from '../workspace-paths.ts';
import type { Runner } from './runner.ts';
import {
  addSchedule, editSchedule, listSchedules, removeSchedule, setEnabled, timingOf,
} from '../schedules/schedule-service.ts';
import { describeTiming } from '../schedules/schedule-words.ts';
import { nextFireTimes } from '../schedules/schedule-spec.ts';
import type { PipelineDocument } from '../../../engine/document/document-types.ts';
import { buildPlan } from '../../../engine/logical/build.ts';
import { DISK_SCHEMAS } from '../../../engine/disk-schemas.ts';

type HistoryChannel = Extract<keyof ApiCalls, `history.${string}` | `schedules.${string}`>;
export type HistoryHandlers = { [C in HistoryChannel]: (request: ApiCalls[C][0]) => Promise<ApiCalls[C][1]> };

export function historyHandlers(runner: () => Runner, policy: PathPolicy): HistoryHandlers {
  const store = () => runner().store;
  return {
    'history.list': async (r) => store().list({
      limit: r.limit ?? 200, ...(r.state ? { state: r.state } : {}), ...(r.trigger ? { trigger: r.trigger } : {}), ...(r.target ? { target: r.target } : {}),
      ...(r.pipeline ? { pipeline: resolveWorkspacePath(policy, r.pipeline) } : {}),
    }),
    'history.get': async (r) => {
      const run = store().get(r.runId);
      if (!run) throw new Error(`no run '${r.runId}' in the history`);
      return run;
    },
    'history.rerun': async (r) => {
      const run = store().get(r.runId);
      if (!run) throw new Error(`no run '${r.runId}' in the history`);
      const document: PipelineDocument = run.document;
      const baseDir = store().baseDirOf(r.runId) ?? policy.workspace;
      const built = await buildPlan(document, { readers: DISK_SCHEMAS, baseDir });
      if (built.issues.length > 0) throw new DocumentIssuesError(built.issues);
      const { runId } = runner().submit({
        document, pipeline: run.pipeline, baseDir, trigger: `rerun:${run.id}`,
        ...(run.options.partitions !== undefined ? { partitions: run.options.partitions } : {}),
        target: run.target, ...(run.options.master !== undefined ? { master: run.options.master } : {}),
      });
      return { runId };
    },
    'schedules.list': async () => listSchedules(store(), Date.now()),
    'schedules.preview': async (r) => {
      const timing = timingOf(r, Date.now());
      return { description: describeTiming(timing), nextFireTimes: nextFireTimes(timing, Date.now(), 5) };
    },
    'schedules.add': async (r) => addSchedule(store(), { ...r, pipeline: resolveWorkspacePath(policy, r.pipeline) }, policy.workspace, Date.now()),
    'schedules.pause': async (r) => setEnabled(store(), r.name, false, Date.now()),
    'schedules.resume': async (r) => setEnabled(store(), r.name, true, Date.now()),
    'schedules.remove': async (r) => { removeSchedule(store(), r.name); return { removed: r.name }; },
    'schedules.edit': async (r) => editSchedule(store(), r, Date.now()),
  };
}
