/**
 * graphql-java's OverlappingFieldsCanBeMerged: two selections under one response name must be the
 * same field, with the same arguments and mergeable sub-selections. Checked when each selection
 * set is left; each pair of fields is compared once per document. Source: graphql-java v9.6,
 * src/main/java/graphql/validation/rules/OverlappingFieldsCanBeMerged.java (messages such as
 * "a: they have differing arguments", "a: userOrders and createOrder are different fields").
 */
import {
  Kind,
  getNamedType,
  isEnumType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type FieldNode,
  type GraphQLType,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { Rule, ValidationContext } from './traversal.js';

interface FieldAndType {
  field: FieldNode;
  type: GraphQLType | undefined;
  parentType: GraphQLType | undefined;
}

interface Conflict {
  reason: string;
  fields: FieldNode[];
}

/** GraphQLType.equals: wrappers compare what they wrap; named types are one object each. */
function sameType(a: GraphQLType | undefined, b: GraphQLType | undefined): boolean {
  if (!a || !b) return true;
  if (isNonNullType(a) || isListType(a)) return a.constructor === b.constructor && sameType(a.ofType, (b as typeof a).ofType);
  return a === b;
}

/** AstComparator.isEqual on two literals: same kinds, same values, in order. */
function sameValue(a: ValueNode, b: ValueNode): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case Kind.VARIABLE:
      return a.name.value === (b as typeof a).name.value;
    case Kind.LIST:
      return a.values.length === (b as typeof a).values.length && a.values.every((v, i) => sameValue(v, (b as typeof a).values[i]!));
    case Kind.OBJECT: {
      const other = (b as typeof a).fields;
      return (
        a.fields.length === other.length &&
        a.fields.every((f, i) => f.name.value === other[i]!.name.value && sameValue(f.value, other[i]!.value))
      );
    }
    case Kind.NULL:
      return true;
    default:
      return a.value === (b as typeof a).value;
  }
}

function sameArguments(a: FieldNode, b: FieldNode): boolean {
  const argsA = a.arguments ?? [];
  const argsB = b.arguments ?? [];
  if (argsA.length !== argsB.length) return false;
  return argsA.every((arg) => {
    const match = argsB.find((other) => other.name.value === arg.name.value);
    return match !== undefined && sameValue(arg.value, match.value);
  });
}

export const overlappingFieldsCanBeMerged = (c: ValidationContext): Rule => {
  /** Pairs compared already, both ways round. */
  const checked = new Map<FieldNode, Set<FieldNode>>();
  const seen = (a: FieldNode, b: FieldNode): boolean => checked.get(a)?.has(b) ?? false;
  const remember = (a: FieldNode, b: FieldNode): void => {
    checked.set(a, (checked.get(a) ?? new Set()).add(b));
    checked.set(b, (checked.get(b) ?? new Set()).add(a));
  };

  const collect = (
    map: Map<string, FieldAndType[]>,
    set: SelectionSetNode,
    parentType: GraphQLType | undefined,
    visited: Set<string>,
  ): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const parent = parentType && getNamedType(parentType);
        const def = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[selection.name.value] : undefined;
        map.set(key, [...(map.get(key) ?? []), { field: selection, type: def?.type, parentType }]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? c.view.getType(selection.typeCondition.name.value) : parentType;
        collect(map, selection.selectionSet, type, visited);
      } else {
        const fragment = c.fragments.get(selection.name.value);
        if (!fragment || visited.has(fragment.name.value)) continue;
        visited.add(fragment.name.value);
        collect(map, fragment.selectionSet, c.view.getType(fragment.typeCondition.name.value), visited);
      }
    }
  };

  const findConflicts = (map: Map<string, FieldAndType[]>): Conflict[] => {
    const out: Conflict[] = [];
    for (const [name, fields] of map) {
      for (let i = 0; i < fields.length; i += 1) {
        for (let j = i + 1; j < fields.length; j += 1) {
          const conflict = findConflict(name, fields[i]!, fields[j]!);
          if (conflict) out.push(conflict);
        }
      }
    }
    return out;
  };

  const shapeConflict = (name: string, a: FieldAndType, b: FieldAndType): Conflict | null => {
    let typeA = a.type;
    let typeB = b.type;
    for (;;) {
      const nonNullA = typeA !== undefined && isNonNullType(typeA);
      const nonNullB = typeB !== undefined && isNonNullType(typeB);
      if ((nonNullA || nonNullB) && (!nonNullA || !nonNullB)) {
        return { reason: `${name}: fields have different nullability shapes`, fields: [a.field, b.field] };
      }
      const listA = typeA !== undefined && isListType(typeA);
      const listB = typeB !== undefined && isListType(typeB);
      if ((listA || listB) && (!listA || !listB)) {
        return { reason: `${name}: fields have different list shapes`, fields: [a.field, b.field] };
      }
      if (!nonNullA && !listA && !nonNullB && !listB) return null;
      typeA = typeA && (isNonNullType(typeA) || isListType(typeA) ? typeA.ofType : typeA);
      typeB = typeB && (isNonNullType(typeB) || isListType(typeB) ? typeB.ofType : typeB);
    }
  };

  const differingTypes = (
    name: string,
    a: FieldAndType,
    b: FieldAndType,
    typeA: GraphQLType | undefined,
    typeB: GraphQLType | undefined,
  ): Conflict => ({
    reason: `${name}: they return differing types ${typeA ? getNamedType(typeA).name : 'null'} and ${typeB ? getNamedType(typeB).name : 'null'}`,
    fields: [a.field, b.field],
  });

  const findConflict = (name: string, a: FieldAndType, b: FieldAndType): Conflict | null => {
    if (seen(a.field, b.field)) return null;
    remember(a.field, b.field);
    const shape = shapeConflict(name, a, b);
    if (shape) return shape;
    const typeA = a.type && getNamedType(a.type);
    const typeB = b.type && getNamedType(b.type);
    const leafA = typeA && (isScalarType(typeA) || isEnumType(typeA));
    const leafB = typeB && (isScalarType(typeB) || isEnumType(typeB));
    if ((leafA || leafB) && !sameType(typeA, typeB)) return differingTypes(name, a, b, typeA, typeB);
    const parentA = a.parentType;
    const parentB = b.parentType;
    if (!sameType(parentA, parentB) && parentA && isObjectType(parentA) && parentB && isObjectType(parentB)) return null;
    if (a.field.name.value !== b.field.name.value) {
      return { reason: `${name}: ${a.field.name.value} and ${b.field.name.value} are different fields`, fields: [a.field, b.field] };
    }
    if (!sameType(typeA, typeB)) return differingTypes(name, a, b, typeA, typeB);
    if (!sameArguments(a.field, b.field)) return { reason: `${name}: they have differing arguments`, fields: [a.field, b.field] };
    if (a.field.selectionSet && b.field.selectionSet) {
      const visited = new Set<string>();
      const sub = new Map<string, FieldAndType[]>();
      collect(sub, a.field.selectionSet, typeA, visited);
      collect(sub, b.field.selectionSet, typeB, visited);
      const conflicts = findConflicts(sub);
      if (conflicts.length > 0) {
        return {
          reason: `${name}: (${conflicts.map((x) => x.reason).join(', ')})`,
          fields: [a.field, b.field, ...conflicts.flatMap((x) => x.fields)],
        };
      }
    }
    return null;
  };

  return {
    leaveSelectionSet(node) {
      const map = new Map<string, FieldAndType[]>();
      collect(map, node, c.traversal.outputType(), new Set());
      for (const conflict of findConflicts(map)) c.report('FieldsConflict', conflict.fields, conflict.reason);
    },
  };
};
