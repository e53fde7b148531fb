// The Schedules tab: every schedule with its timing in words, last run and next fire times;
// add one for the open pipeline file (cron + time zone, or an interval) with its meaning and its
// next five fire times shown as you type; edit one in place (same form, its name and runs stay);
// pause, resume, remove. The studio fires schedules while
// it is open; `tributary scheduler` fires them headless (they share one lease).

import { useCallback, useEffect, useState } from 'react';
import type { ScheduleView } from '../../../main/api.ts';
import { errorText, theApi } from '../../session.ts';
import { store, useStudio } from '../../store/studio-store.ts';
import { formatTime } from '../history/replay.ts';

type Form = { mode: 'cron' | 'every'; cron: string; timezone: string; every: string; name: string; retries: string; overlap: string; catchUp: string };

const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function SchedulesTab() {
  const path = useStudio((s) => s.path);
  const [schedules, setSchedules] = useState<readonly ScheduleView[]>([]);
  const [form, setForm] = useState<Form>({ mode: 'cron', cron: '0 6 * * MON-FRI', timezone: LOCAL_ZONE, every: '1h', name: '', retries: '', overlap: 'skip', catchUp: 'latest' });
  /** The schedule the form edits, or undefined while it adds one. */
  const [editing, setEditing] = useState<string>();
  const [preview, setPreview] = useState<{ description: string; nextFireTimes: readonly number[] } | { error: string }>();

  const load = useCallback(async () => {
    try {
      setSchedules(await theApi().call('schedules.list', {}));
    } catch (e) {
      store.toast(errorText(e), 'error');
    }
  }, []);
  useEffect(() => { void load(); }, [load]);
  useEffect(() => theApi().on('history', () => void load()), [load]);

  const timing = form.mode === 'cron' ? { cron: form.cron, timezone: form.timezone } : { every: form.every };
  const timingKey = JSON.stringify(timing);
  useEffect(() => {
    let live = true;
    theApi().call('schedules.preview', JSON.parse(timingKey) as typeof timing)
      .then((p) => { if (live) setPreview(p); }, (e: unknown) => { if (live) setPreview({ error: errorText(e) }); });
    return () => { live = false; };
  }, [timingKey]);

  const add = async () => {
    if (!path) { store.toast('Save the pipeline to a file first: a schedule runs a saved pipeline file.', 'error'); return; }
    try {
      await theApi().call('schedules.add', {
        pipeline: path, ...timing, overlap: form.overlap, catchUp: form.catchUp,
        ...(form.name ? { name: form.name } : {}), ...(form.retries ? { retries: Number(form.retries) } : {}),
      });
      store.toast('Schedule added');
      await load();
    } catch (e) {
      store.toast(errorText(e), 'error');
    }
  };
  const startEdit = (s: ScheduleView) => {
    setEditing(s.name);
    setForm((f) => ({
      ...f, name: s.name, retries: s.retries !== undefined ? String(s.retries) : '', overlap: s.overlap, catchUp: s.catchUp,
      ...(s.timing.kind === 'cron' ? { mode: 'cron', cron: s.timing.cron, timezone: s.timing.timezone } : { mode: 'every', every: everyText(s.timing.everyMs) }),
    }));
  };
  const save = async () => {
    if (!editing) return;
    try {
      await theApi().call('schedules.edit', {
        name: editing, ...timing, overlap: form.overlap, catchUp: form.catchUp, retries: form.retries ? Number(form.retries) : null,
      });
      store.toast(`Schedule '${editing}' saved`);
      setEditing(undefined);
      await load();
    } catch (e) {
      store.toast(errorText(e), 'error');
    }
  };
  const act = async (verb: 'schedules.pause' | 'schedules.resume' | 'schedules.remove', name: string) => {
    try {
      await theApi().call(verb, { name });
      await load();
    } catch (e) {
      store.toast(errorText(e), 'error');
    }
  };
  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  return (
    <div className="schedules" data-testid="schedules-panel" style={{ display: 'flex', gap: 16, height: '100%', overflow: 'auto' }}>
      <div style={{ flex: '1 1 55%' }}>
        {schedules.length === 0 ? <div className="empty-state pad">No schedules yet. Add one for the open pipeline file on the right.</div> : (
          <table className="grid" data-testid="schedules-table" style={{ width: '100%' }}>
            <thead><tr><th>Name</th><th>When</th><th>Pipeline</th><th>Last run</th><th>Next</th><th>Policies</th><th /></tr></thead>
            <tbody>
              {schedules.map((s) => (
                <tr key={s.name} data-testid="schedule-row">
                  <td>{s.name}</td><td>{s.description}</td><td title={s.pipeline}>{s.pipeline.split(/[\\/]/).at(-1)}</td>
                  <td>{s.lastRun ? `${s.lastRun.state} ${formatTime(s.lastRun.scheduledAt ?? s.lastRun.createdAt)}` : 'never'}</td>
                  <td>{s.enabled ? formatTime(s.nextFireTimes[0]) : 'paused'}</td>
                  <td>overlap {s.overlap}, catch-up {s.catchUp}{s.retries !== undefined ? `, retries ${s.retries}` : ''}</td>
                  <td style={{ whiteSpace: 'nowrap' }}>
                    <button type="button" aria-label={`Edit ${s.name}`} onClick={() => startEdit(s)}>Edit</button>
                    <button type="button" onClick={() => void act(s.enabled ? 'schedules.pause' : 'schedules.resume', s.name)}>{s.enabled ? 'Pause' : 'Resume'}</button>
                    <button type="button" onClick={() => void act('schedules.remove', s.name)}>Remove</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <form style={{ flex: '1 1 45%', display: 'grid', gap: 6, alignContent: 'start' }} onSubmit={(e) => { e.preventDefault(); void (editing ? save() : add()); }} aria-label={editing ? 'Edit a schedule' : 'Add a schedule'}>
        {editing
          ? <strong>Edit schedule {editing} (its runs stay in the history)</strong>
          : <strong>Add a schedule for {path ?? 'the open pipeline (save it first)'}</strong>}
        <div className="seg" role="radiogroup" aria-label="Timing">
          {(['cron', 'every'] as const).map((m) => (
            <button key={m} type="button" role="radio" aria-checked={form.mode === m} className={form.mode === m ? 'on' : ''}
              onClick={() => setForm((f) => ({ ...f, mode: m }))}>{m === 'cron' ? 'Cron' : 'Interval'}</button>
          ))}
        </div>
        {form.mode === 'cron' ? (
          <>
            <label>Cron expression <input aria-label="Cron expression" value={form.cron} onChange={set('cron')} /></label>
            <label>Time zone <input aria-label="Time zone" value={form.timezone} onChange={set('timezone')} /></label>
          </>
        ) : <label>Every <input aria-label="Interval" value={form.every} onChange={set('every')} placeholder="15m, 1h30m, 1d" /></label>}
        <div data-testid="schedule-preview" aria-live="polite">
          {preview && 'error' in preview ? <span className="error">{preview.error}</span> : preview ? (
            <>
              <div><strong>{preview.description}</strong></div>
              <div className="muted">Next: {preview.nextFireTimes.map(formatTime).join(' · ')}</div>
            </>
          ) : null}
        </div>
        <label>Name <input aria-label="Schedule name" value={form.name} onChange={set('name')} placeholder="the file's name" disabled={editing !== undefined} /></label>
        <label>Retries <input aria-label="Retries" value={form.retries} onChange={set('retries')} placeholder="the pipeline's settings" inputMode="numeric" /></label>
        <label>If a run is still going{' '}
          <select aria-label="Overlap policy" value={form.overlap} onChange={set('overlap')}>
            <option value="skip">skip this fire</option><option value="queue">queue behind it</option><option value="cancel-running">cancel it and start anew</option>
          </select>
        </label>
        <label>Fire times missed while closed{' '}
          <select aria-label="Catch-up policy" value={form.catchUp} onChange={set('catchUp')}>
            <option value="none">none</option><option value="latest">run the latest</option><option value="all">run all (at most 10)</option>
          </select>
        </label>
        {editing ? (
          <div style={{ display: 'flex', gap: 6 }}>
            <button type="submit" disabled={preview === undefined || 'error' in preview}>Save schedule</button>
            <button type="button" onClick={() => setEditing(undefined)}>Cancel edit</button>
          </div>
        ) : <button type="submit" disabled={!path || (preview !== undefined && 'error' in preview)}>Add schedule</button>}
      </form>
    </div>
  );
}

/** An interval as the form's text ("1h30m"), from its milliseconds. */
function everyText(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (rest >= size) { parts.push(`${Math.floor(rest / size)}${unit}`); rest %= size; }
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join('') || '1s';
}
