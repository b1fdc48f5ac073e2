/**
 * What every data source (DynamoDB, NONE) answers to the runtime: the result that becomes
 * `ctx.result`, or the error that becomes `ctx.error` (never raised by itself: the response
 * handler decides). https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html
 */
export type DataSourceOutcome = { result: unknown } | { error: { message: string; type: string } };

export interface DataSource {
  invoke(request: unknown): Promise<DataSourceOutcome>;
}
