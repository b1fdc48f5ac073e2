/**
 * What a Java-behaviour helper throws when Java would fail (bad pattern, bad escape, unknown zone)
 * or when the local runtime cannot reproduce Java's output exactly: an error, never a wrong string.
 * The message is the whole value; callers (util.*, $util.*) surface it as their own error.
 */
export class JavaBehaviourError extends Error {
  override readonly name = 'JavaBehaviourError';
}
