/**
 * Connect a bot the way the browser client does with several nodes: try a node; if it answers
 * WRONG_NODE, go to the owner it names; if a node cannot be reached, try the next entry point.
 */
import { Bot, BotConnectError, type BotOptions } from './bot.js';

export async function connectFollowingOwner(
  entryPoints: readonly string[],
  token: string,
  options: BotOptions = {},
  timeoutMs = 20_000,
): Promise<{ bot: Bot; url: string; redirects: number }> {
  const deadline = Date.now() + timeoutMs;
  let redirects = 0;
  let next: string | undefined;
  let i = 0;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const url = next ?? entryPoints[i++ % entryPoints.length]!;
    next = undefined;
    try {
      const bot = await Bot.connect(url, token, { connectTimeoutMs: 2_000, ...options });
      return { bot, url, redirects };
    } catch (err) {
      lastError = err;
      if (err instanceof BotConnectError && err.code === 'WRONG_NODE') {
        redirects++;
        if (err.nodeUrl && err.nodeUrl !== url) next = err.nodeUrl;
      } else if (err instanceof BotConnectError && err.code !== undefined) {
        throw err;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`no node took the room within ${timeoutMs} ms: ${String(lastError)}`);
}
