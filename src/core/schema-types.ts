/**
 * The JSON request body of an operation from openapi-typescript's `paths`, e.g.
 * `JsonRequestBody<paths["/users"]["post"]>`.
 */
export type JsonRequestBody<Operation> = Operation extends {
  requestBody?: { content: { "application/json": infer Body } };
}
  ? Body
  : never;

/** The JSON body of an operation's 200 response from openapi-typescript's `paths`. */
export type JsonSuccessBody<Operation> = Operation extends {
  responses: { 200: { content: { "application/json": infer Body } } };
}
  ? Body
  : never;
