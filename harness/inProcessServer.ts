/**
 * The local runtime in the calling process: the settings read from an environment map as
 * `npm start` reads them (local/config.ts), then the same composition (local/app.ts) on the port
 * the environment names. What local/main.ts adds — the umask, signal handlers, the resolver build,
 * `--watch` — is the process's, and stays with the child-process launcher (harness/localServer.ts).
 */
import { readSettingsForStart } from '../local/config.js';
import { readyLine, startApp, type App } from '../local/app.js';
import { startEarly } from '../local/startEarly.js';

export interface InProcessApp {
  app: App;
  /** The line `npm start` prints once ready. */
  readyLine: string;
  close(): Promise<void>;
}

/** Resolves once the API answers; rejects with the error `npm start` would have printed, nothing left open. */
export async function startInProcess(env: Record<string, string>): Promise<InProcessApp> {
  const settings = await readSettingsForStart(env);
  const early = startEarly(settings);
  const app = await startApp(settings, early).catch(async (error: unknown) => {
    await early.abandon();
    throw error;
  });
  return { app, readyLine: readyLine(app), close: () => app.close() };
}
