/**
 * Generated AppSync answers to the REST shims' operations (fast-check): orders, lists, errors and
 * arbitrary JSON, with the strings templates find hard (quotes, backslashes, line separators,
 * VTL's own `$` and `#`).
 */
import fc from 'fast-check';

export const awkwardText = fc.oneof(
  fc.string(),
  fc.constantFrom('', "it's", 'a"b', 'back\\slash', 'line\nbreak', 'ünï©ødé 🚀', '$x', '#if', '\u2028', '</script>'),
);

const order = fc.record(
  {
    user_id: awkwardText,
    store_id: awkwardText,
    order_id: awkwardText,
    timestamp: awkwardText,
    grand_total: fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constant(-0),
      fc.integer(),
      awkwardText,
      fc.constant(null),
    ),
  },
  { requiredKeys: [] },
);

const error = fc.record(
  {
    errorType: fc.oneof(awkwardText, fc.constantFrom('ValidationError', 'DynamoDB:ConditionalCheckFailedException', 'Unauthorized')),
    message: fc.oneof(awkwardText, fc.constant(null)),
  },
  { requiredKeys: [] },
);

export const appsyncAnswer = fc.oneof(
  fc.record({ data: fc.record({ createOrder: fc.oneof(order, fc.constant(null)) }) }),
  fc.record({
    data: fc.record({
      userOrders: fc.oneof(
        fc.constant(null),
        fc.record({ items: fc.array(order, { maxLength: 6 }), echo_cmVhZGVy: fc.constant('UserOrderConnection') }, { requiredKeys: [] }),
      ),
    }),
  }),
  fc.record({ data: fc.constant(null), errors: fc.array(error, { maxLength: 3 }) }),
  fc.jsonValue(),
);
