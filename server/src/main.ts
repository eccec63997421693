import { loadConfig } from './config.js';
import { startCircle } from './compose.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const circle = await startCircle(config);
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
  if (config.demoSession) {
    const demo = await circle.sessions.create({ title: 'Demo group', therapistName: 'Dr. Rivera' });
    const actor = await circle.sessions.get(demo.state.sessionId);
    lines.push('', 'A demo session is ready. Open each link in its own browser window:');
    lines.push(`  Therapist:  ${demo.therapist.url}`);
    for (const name of ['Alex', 'Sam', 'Jordan']) {
      const inv = actor && (await circle.sessions.invite(actor, 'member', name));
      if (inv && 'url' in inv) lines.push(`  Member ${name.padEnd(7)} ${inv.url}`);
    }
    const sup = actor && (await circle.sessions.invite(actor, 'supervisor', 'Supervisor'));
    if (sup && 'url' in sup) lines.push(`  Supervisor: ${sup.url}`);
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
