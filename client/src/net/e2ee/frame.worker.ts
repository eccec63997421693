/** The E2EE frame worker's entry point (see frameWorker.ts). */
import { type WorkerScope, runFrameWorker } from './frameWorker';

runFrameWorker(self as unknown as WorkerScope);
