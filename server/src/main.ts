import { loadConfig } from './config.js';
import { startCircle } from './compose.js';
import { fileClock } from './adapters/time/fileClock.js';

const DEMO_THERAPIST_EMAIL = 'demo-therapist@circle.local';

async function main(): Promise<void> {
  const config = loadConfig();
  // Tests that drive a whole server process through weeks of sessions move its clock by a file.
  const circle = await startCircle(config, config.testClockFile ? { clock: fileClock(config.testClockFile) } : {});
  const { logger } = circle;
  // Last line of defence: a promise nobody awaited that fails is logged (ids only), not a process exit.
  process.on('unhandledRejection', (err: unknown) => {
    logger.error({ err: err instanceof Error ? err.message.slice(0, 200) : typeof err }, 'unhandled rejection');
  });
  const base = config.publicUrl.includes(`:${config.port}`) ? config.publicUrl : circle.url;
  const lines = [`Circle is running: open ${base}`];
  if (config.adminTokenGenerated) {
    lines.push(`Admin token (generated for this run; set ADMIN_TOKEN to choose one): ${config.adminToken}`);
  }
  const setup = await circle.staff.setupLink();
  if (setup) {
    lines.push('', 'Set up your clinic: open this one-time link within the hour to create the owner account:');
    lines.push(`  ${setup.url}`);
  }
  if (config.demoSession) {
    // The demo therapist signs in with a password made for this run; the demo session is theirs.
    const therapist = await circle.staff.demoTherapist(DEMO_THERAPIST_EMAIL, 'Dr. Rivera');
    const demo = await circle.sessions.create({
      title: 'Demo group',
      therapistName: 'Dr. Rivera',
      ownerAccountId: therapist.account.id,
    });
    const actor = await circle.sessions.get(demo.state.sessionId);
    lines.push('', 'A demo session is ready. Open each link in its own browser window:');
    lines.push(`  Therapist:  ${demo.therapist.url}`);
    for (const name of ['Alex', 'Sam', 'Jordan']) {
      const inv = actor && (await circle.sessions.invite(actor, 'member', name));
      if (inv && 'url' in inv) lines.push(`  Member ${name.padEnd(7)} ${inv.url}`);
    }
    const sup = actor && (await circle.sessions.invite(actor, 'supervisor', 'Supervisor'));
    if (sup && 'url' in sup) lines.push(`  Supervisor: ${sup.url}`);
    lines.push('', `Or sign in as the demo therapist at ${base}/signin:`);
    lines.push(`  Email:    ${DEMO_THERAPIST_EMAIL}`);
    lines.push(`  Password: ${therapist.password}   (new each run)`);
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`);

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    // Finish queued writes, release room leases (other nodes take over at once), close sockets.
    setTimeout(() => process.exit(1), 10_000).unref();
    void circle.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Circle failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
