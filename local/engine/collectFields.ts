/**
 * The fields selection sets select on an object type, by response key, as GraphQL's CollectFields
 * does (https://spec.graphql.org/October2021/#sec-Field-Collection): @skip and @include applied,
 * inline fragments and named fragments walked in place when their type condition applies (the type
 * itself, or an interface or union it belongs to). The executor's result walks (queryDepth.ts,
 * nullCompletion.ts) read the selection through it.
 */
import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getDirectiveValues,
  isAbstractType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

export interface Selection {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export function collectFields(selection: Selection, type: GraphQLObjectType, sets: readonly SelectionSetNode[]): Map<string, FieldNode[]> {
  const { schema, fragments, variables } = selection;
  const out = new Map<string, FieldNode[]>();
  const applies = (condition: string | undefined): boolean => {
    if (condition === undefined || condition === type.name) return true;
    const abstract = schema.getType(condition);
    return abstract !== undefined && isAbstractType(abstract) && schema.isSubType(abstract, type);
  };
  const visit = (set: SelectionSetNode): void => {
    for (const s of set.selections) {
      if (getDirectiveValues(GraphQLSkipDirective, s, variables)?.if === true) continue;
      if (getDirectiveValues(GraphQLIncludeDirective, s, variables)?.if === false) continue;
      if (s.kind === Kind.FIELD) {
        const key = s.alias?.value ?? s.name.value;
        out.set(key, [...(out.get(key) ?? []), s]);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        if (applies(s.typeCondition?.name.value)) visit(s.selectionSet);
      } else {
        const fragment = fragments[s.name.value];
        if (fragment && applies(fragment.typeCondition.name.value)) visit(fragment.selectionSet);
      }
    }
  };
  for (const set of sets) visit(set);
  return out;
}
