/**
 * The SDK versions are pinned to ones that support Node 20 (package.json); their notice that later
 * versions will need Node 22 would otherwise print on every start. An explicit setting still wins.
 * (It writes the variable the SDK reads; nothing here reads configuration: that is local/config.ts.)
 */
export function quietNodeVersionNotice(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
