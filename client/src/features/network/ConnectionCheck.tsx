import { useState } from 'react';
import { checkConnection, type CheckResult } from '../../actions/room';

const LEVEL_MARK = { good: '✓', fair: '!', poor: '!', failed: '✕' } as const;

/**
 * A short test through the real video service, with a plain-language verdict and advice.
 * `beside`: other checks shown in the same row as its button (the pre-join's test sound).
 */
export function ConnectionCheck({ beside }: { beside?: React.ReactNode }) {
  const [state, setState] = useState<'idle' | 'running' | 'done'>('idle');
  const [result, setResult] = useState<CheckResult | null>(null);

  const run = async () => {
    setState('running');
    setResult(await checkConnection());
    setState('done');
  };

  return (
    <section className="connection-check" aria-labelledby="check-title">
      <div className="connection-check-head">
        {beside}
        <h2 id="check-title" className="visually-hidden">
          Connection check
        </h2>
        <button type="button" onClick={() => void run()} disabled={state === 'running'}>
          {state === 'running' ? 'Checking your connection…' : state === 'done' ? 'Check again' : 'Check my connection'}
        </button>
      </div>
      <div role="status">
        {result && state === 'done' && (
          <div className="verdict" data-level={result.verdict.level}>
            <p className="verdict-headline">
              <span aria-hidden="true" className="verdict-mark">
                {LEVEL_MARK[result.verdict.level]}
              </span>{' '}
              <strong>{result.verdict.headline}</strong>
            </p>
            {result.verdict.level !== 'failed' && (
              <p className="hint verdict-figures">
                Round trip {result.figures.rttMs ?? '–'} ms · loss {result.figures.lossPercent ?? '–'}% · video{' '}
                {result.figures.videoKbps ?? '–'} kbps
                {result.figures.sendEstimateKbps ? ` (uplink ${result.figures.sendEstimateKbps} kbps)` : ''}
              </p>
            )}
            {result.verdict.level !== 'good' && (
              <ul>
                {result.verdict.advice.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
