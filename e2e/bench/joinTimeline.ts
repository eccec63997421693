/**
 * The SFU's side of a join, for bench:join: every mediasoup object created in this process (Circle's
 * worker and the bare page's) is observed through `mediasoup.observer`, and the events of one join
 * are stamped with the wall clock (performance.timeOrigin + performance.now(), the same clock the
 * browser's performance.timeOrigin uses on this machine), so they sit on one timeline with the
 * page's marks: consumer created → preferred layers set → resumed → layers chosen by the SFU →
 * key frame requested from the publisher (PLI/FIR) → key frame in from the publisher → key frame
 * forwarded to the joiner → first frame decoded in the browser.
 *
 * Observation only: trace events are enabled on producers and consumers (mediasoup sends them only
 * when asked), and `setPreferredLayers` is wrapped on each consumer to note when it is called.
 */
import * as mediasoup from 'mediasoup';
import type { types as ms } from 'mediasoup';

export interface SfuEvent {
  /** Wall-clock ms (epoch). */
  t: number;
  what: string;
  /** 'video' | 'audio' for consumer events; the publisher's producer for 'producer:*'. */
  kind?: string;
  detail?: string;
}

const now = () => performance.timeOrigin + performance.now();

let current: SfuEvent[] | null = null;
const record = (what: string, kind?: string, detail?: string) => current?.push({ t: now(), what, kind, detail });

/** Start observing mediasoup objects; call before any worker is created. */
export function observeMediasoup(): void {
  mediasoup.observer.on('newworker', (worker: ms.Worker) => {
    worker.observer.on('newrouter', (router: ms.Router) => {
      router.observer.on('newtransport', (transport: ms.Transport) => {
        transport.observer.on('newproducer', (producer: ms.Producer) => observeProducer(producer));
        transport.observer.on('newconsumer', (consumer: ms.Consumer) => observeConsumer(consumer));
        if ('dtlsState' in transport) {
          (transport as ms.WebRtcTransport).on('dtlsstatechange', (state) => {
            if (state === 'connected') record('transport dtls connected');
          });
        }
      });
    });
  });
}

function observeProducer(producer: ms.Producer): void {
  if (producer.kind !== 'video') return;
  void producer.enableTraceEvent(['pli', 'fir', 'keyframe']).catch(() => undefined);
  producer.observer.on('trace', (trace: ms.ProducerTraceEventData) => {
    if (trace.direction === 'out') record(`publisher asked for a key frame (${trace.type})`, 'video');
    else if (trace.type === 'keyframe') {
      const info = trace.info as { ssrc?: number; rid?: string };
      record('key frame in from the publisher', 'video', info.rid ?? String(info.ssrc ?? ''));
    }
  });
}

function observeConsumer(consumer: ms.Consumer): void {
  const kind = consumer.kind;
  record('consumer created', kind, consumer.paused ? 'paused' : 'running');
  void consumer.enableTraceEvent(['keyframe', 'pli', 'fir', 'rtp']).catch(() => undefined);
  let firstRtp = true;
  consumer.observer.on('trace', (trace: ms.ConsumerTraceEventData) => {
    if (trace.type === 'rtp') {
      if (firstRtp) {
        firstRtp = false;
        record('first RTP forwarded', kind);
        // Per-packet traces cost the worker: keep the rest only.
        void consumer.enableTraceEvent(['keyframe', 'pli', 'fir']).catch(() => undefined);
      }
    } else if (trace.type === 'keyframe' && trace.direction === 'out') record('key frame forwarded', kind);
    else if (trace.direction === 'in') record(`joiner asked for a key frame (${trace.type})`, kind);
  });
  consumer.observer.on('resume', () => record('consumer resumed', kind));
  consumer.observer.on('pause', () => record('consumer paused', kind));
  consumer.observer.on('layerschange', (layers?: ms.ConsumerLayers) =>
    record('layers (SFU)', kind, layers ? `s${layers.spatialLayer}/t${layers.temporalLayer ?? '-'}` : 'none'),
  );
  const setPreferredLayers = consumer.setPreferredLayers.bind(consumer);
  consumer.setPreferredLayers = (layers: ms.ConsumerLayers) => {
    record('preferred layers set', kind, `s${layers.spatialLayer}/t${layers.temporalLayer ?? '-'}`);
    return setPreferredLayers(layers);
  };
}

/** Collect the SFU events of one join (joins run one at a time). */
export function beginJoin(): SfuEvent[] {
  current = [];
  return current;
}

export function endJoin(): void {
  current = null;
}
