/**
 * AppSync's `ctx.info.selectionSetList` and `selectionSetGraphQL` for a field. In the list "Fields
 * that are aliased are referenced only by the alias name, not the field name"; the GraphQL text keeps
 * aliases and inline fragments as written, a named fragment only as its spread
 * (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html, "Info").
 */
import { Kind, print, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

export function selectionSetList(info: GraphQLResolveInfo): string[] {
  const out: string[] = [];
  const visit = (set: SelectionSetNode | undefined, prefix: string): void => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        const path = `${prefix}${(sel.alias ?? sel.name).value}`;
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

/**
 * The response keys of a field's selection and the field each one selects (`uid` → `user_id` for
 * `uid: user_id`), fragments included: what lets the real-time layer tell a field's value from a
 * value a client put under that field's name.
 */
export function responseKeyFields(info: GraphQLResolveInfo): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) out.set((sel.alias ?? sel.name).value, sel.name.value);
      else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet);
      else visit(info.fragments[sel.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return out;
}
