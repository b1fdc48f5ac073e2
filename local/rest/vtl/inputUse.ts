/**
 * Whether a template can read `$input.body` (or any of `$input`'s own keys) when it renders — if
 * not, the in-process integration's answer need not be written as text for it (payload.ts). The
 * answer is read from the template's AST, conservatively: a template reads only through calls when
 * every use of `$input`, anywhere (branches, loops, #set values, macro bodies and arguments,
 * interpolated string literals), is `$input.path(..)`, `$input.json(..)` or `$input.params(..)`,
 * and nothing renders text chosen at run time (velocityjs's `eval`: the `#eval` macro, `$x.eval()`,
 * `$eval()`). Any other use — `$input.body`, a bare `$input` (which a #set, a list or a macro
 * argument could pass on), another member, a literal that does not parse — counts as reading it.
 */

/* velocityjs's AST is a loose union of plain objects and arrays. */
type Node = any;

const CALLS = new Set(['path', 'json', 'params']);

export function readsInputOnlyThroughCalls(asts: Node[], parseLiteral: (text: string) => Node[]): boolean {
  const seen = new Set<object>();
  const visit = (node: Node): boolean => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return true;
    seen.add(node);
    if (Array.isArray(node)) return node.every(visit);
    if (node.id === 'eval') return false;
    if (node.type === 'references' && node.id === 'input') {
      const first = Array.isArray(node.path) ? node.path[0] : undefined;
      if (node.args !== undefined || first?.type !== 'method' || !CALLS.has(first.id)) return false;
    }
    if (node.type === 'string' && node.isEval && /[$#]/.test(String(node.value))) {
      let parsed: Node[];
      try {
        parsed = parseLiteral(String(node.value));
      } catch {
        return false;
      }
      if (!visit(parsed)) return false;
    }
    return Object.values(node).every(visit);
  };
  return visit(asts);
}
