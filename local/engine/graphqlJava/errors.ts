/**
 * An error GraphQL itself raises before any resolver runs (a document that does not validate,
 * variables that do not coerce), as AppSync writes it: `path`, `locations`, `message` — no
 * `errorType`, no `data` — beside `"data": null`. Recorded answers:
 * https://github.com/graphql/graphql-over-http/issues/81 (`{badfield}`),
 * https://github.com/aws/aws-appsync-community/issues/273 (`"locations": null` for a variable error).
 */
export interface JavaLocation {
  line: number;
  column: number;
  sourceName: null;
}

export interface GraphQLJavaError {
  path: null;
  locations: JavaLocation[] | null;
  message: string;
}
