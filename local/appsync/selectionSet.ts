/** AppSync's `ctx.info.selectionSetList` and `selectionSetGraphQL` for a field. */
import { Kind, print, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

export function selectionSetList(info: GraphQLResolveInfo): string[] {
  const out: string[] = [];
  const visit = (set: SelectionSetNode | undefined, prefix: string): void => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        const path = `${prefix}${sel.name.value}`;
        out.push(path);
        visit(sel.selectionSet, `${path}/`);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        visit(sel.selectionSet, prefix);
      } else {
        visit(info.fragments[sel.name.value]?.selectionSet, prefix);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, '');
  return [...new Set(out)];
}

export function selectionSetGraphQL(info: GraphQLResolveInfo): string {
  const node: FieldNode | undefined = info.fieldNodes[0];
  return node?.selectionSet ? print(node.selectionSet) : '';
}
