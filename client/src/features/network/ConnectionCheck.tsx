import { useState } from 'react';
import { checkConnection, type CheckResult } from '../../actions';

/** A short test through the real video service, with a plain-language verdict and advice. */
export function ConnectionCheck() {
  const [state, setState] = useState<'idle' | 'running' | 'done'>('idle');
  const [result, setResult] = useState<CheckResult | null>(null);

  const run = async () => {
    setState('running');
    setResult(await checkConnection());
    setState('done');
  };

  return (
    <section className="connection-check" aria-labelledby="check-title">
      <h2 id="check-title" className="small">
        Connection check
      </h2>
      {state !== 'done' && (
        <button type="button" onClick={() => void run()} disabled={state === 'running'}>
          {state === 'running' ? 'Checking your connection…' : 'Check my connection'}
        </button>
      )}
      {result && (
        <div role="status" data-level={result.verdict.level}>
          <p>
            <strong>{result.verdict.headline}</strong>
          </p>
          <ul>
            {result.verdict.advice.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
          <p className="hint">
            Round trip {result.figures.rttMs ?? '–'} ms · loss {result.figures.lossPercent ?? '–'}% · video{' '}
            {result.figures.videoKbps ?? '–'} kbps
          </p>
          <button type="button" onClick={() => void run()}>
            Check again
          </button>
        </div>
      )}
    </section>
  );
}
