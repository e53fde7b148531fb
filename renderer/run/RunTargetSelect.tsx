// The run target beside the Run button: the local engine (default) or Spark. Spark's master comes
// from the studio's settings (edited here) or SPARK_MASTER, never from the pipeline file. When
// pyspark or Java is missing here the Spark option is disabled and the reason says how to install.

import { useEffect, useState, useSyncExternalStore } from 'react';
import type { RunTarget, SparkStatus } from '../../main/api.ts';
import { errorText, theApi } from '../session.ts';
import { store } from '../store/studio-store.ts';
import { TextField } from '../nodes/generic/TextField.tsx';
import { runTarget, setRunTarget, subscribeRunTarget } from './run-target.ts';

export function RunTargetSelect() {
  const current = useSyncExternalStore(subscribeRunTarget, runTarget);
  const [status, setStatus] = useState<SparkStatus>();
  useEffect(() => {
    let live = true;
    theApi().call('spark.status', {}).then((s) => {
      if (!live) return;
      setStatus(s);
      if (!s.available && runTarget() === 'spark') setRunTarget('local');
    }, (e: unknown) => { if (live) setStatus({ available: false, reason: errorText(e), master: 'local[*]', masterFrom: 'default' }); });
    return () => { live = false; };
  }, []);
  const sparkOff = status !== undefined && !status.available;
  const saveMaster = async (text: string) => {
    try {
      setStatus(await theApi().call('spark.setMaster', { master: text.trim() === '' ? null : text }));
    } catch (e) {
      store.toast(errorText(e), 'error');
    }
  };
  return (
    <span className="run-target" style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
      <label title={sparkOff ? status.reason : 'Where the Run button runs the pipeline'}>
        <span className="muted">on </span>
        <select aria-label="Run on" value={current} onChange={(e) => setRunTarget(e.target.value as RunTarget)}>
          <option value="local">local engine</option>
          <option value="spark" disabled={status === undefined || sparkOff}>
            {status === undefined ? 'Spark (checking…)' : sparkOff ? 'Spark (not available)' : 'Spark'}
          </option>
        </select>
      </label>
      {sparkOff ? <span className="muted" data-testid="spark-unavailable" title={status.reason}
        style={{ maxWidth: 260, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{status.reason}</span> : null}
      {current === 'spark' && status?.available ? (
        <label title={`The Spark master (${status.masterFrom === 'settings' ? "the studio's settings" : status.masterFrom === 'environment' ? 'SPARK_MASTER' : 'the default'}); empty: SPARK_MASTER, else local[*]`}>
          <span className="muted">master </span>
          <TextField className="input" value={status.masterFrom === 'settings' ? status.master : ''} placeholder={status.master}
            aria-label="Spark master" onCommit={(t) => void saveMaster(t)} />
        </label>
      ) : null}
    </span>
  );
}
