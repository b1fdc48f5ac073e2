/**
 * `compute` once per key, kept in a map that is emptied when it holds `max` entries: the keys come
 * from code or templates (a handful, each used on every request), and the bound keeps a stream of
 * distinct ones from growing memory. A `compute` that throws keeps nothing.
 */
export function boundedMemo<K, V>(compute: (key: K) => V, max: number): (key: K) => V {
  const kept = new Map<K, V>();
  return (key) => {
    let value = kept.get(key);
    if (value === undefined) {
      value = compute(key);
      if (kept.size >= max) kept.clear();
      kept.set(key, value);
    }
    return value;
  };
}
