import { useState } from 'react';
import { checkConnection, type CheckResult } from '../../actions/room';
import { useT } from '../../i18n';

const LEVEL_MARK = { good: '✓', fair: '!', poor: '!', failed: '✕' } as const;

/**
 * A short test through the real video service, with a plain-language verdict and advice.
 * `beside`: other checks shown in the same row as its button (the pre-join's test sound).
 */
export function ConnectionCheck({ beside }: { beside?: React.ReactNode }) {
  const [state, setState] = useState<'idle' | 'running' | 'done'>('idle');
  const [result, setResult] = useState<CheckResult | null>(null);
  const { t } = useT('network');

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
          {t('check.title')}
        </h2>
        <button type="button" onClick={() => void run()} disabled={state === 'running'}>
          {state === 'running' ? t('check.running') : state === 'done' ? t('check.again') : t('check.start')}
        </button>
      </div>
      <div role="status">
        {result && state === 'done' && (
          <div className="verdict" data-level={result.verdict.level}>
            <p className="verdict-headline">
              <span aria-hidden="true" className="verdict-mark">
                {LEVEL_MARK[result.verdict.level]}
              </span>{' '}
              <strong>{result.verdict.headlineKeys.map((k) => t(`verdict.${k}`)).join(' ')}</strong>
            </p>
            {result.verdict.level !== 'failed' && (
              <p className="hint verdict-figures">
                {t(result.figures.sendEstimateKbps ? 'check.figuresUplink' : 'check.figures', {
                  rtt: result.figures.rttMs ?? '–',
                  loss: result.figures.lossPercent ?? '–',
                  video: result.figures.videoKbps ?? '–',
                  uplink: result.figures.sendEstimateKbps ?? '–',
                })}
              </p>
            )}
            {result.verdict.level !== 'good' && (
              <ul>
                {result.verdict.adviceKeys.map((k) => (
                  <li key={k}>{t(`verdict.advice.${k}`)}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
