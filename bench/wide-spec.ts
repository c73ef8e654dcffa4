/**
 * A wide, valid OpenAPI 3.1 spec of any size: many object schemas of many string properties with
 * long descriptions, all reachable from one operation. Shaped like the spec that used to overflow
 * the stack in the format stage (wide containers, hundreds of thousands of lines of types).
 */

/** Options of {@link wideSpec}. */
export interface WideSpecOptions {
  /** How many schemas under `components.schemas`. */
  schemas: number;
  /**
   * Properties per schema.
   * @default 20
   */
  properties?: number;
  /**
   * Characters of each property's description.
   * @default 150
   */
  descriptionLength?: number;
}

/** The spec as a JSON-ready object. */
export function wideSpec(options: WideSpecOptions): Record<string, unknown> {
  const propertyCount = options.properties ?? 20;
  const filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(8);
  const schemas: Record<string, unknown> = {};
  for (let index = 0; index < options.schemas; index++) {
    const properties: Record<string, unknown> = {};
    for (let property = 0; property < propertyCount; property++) {
      const description = `Field ${property} of thing ${index}. ${filler}`.slice(
        0,
        options.descriptionLength ?? 150,
      );
      properties[`field${property}`] = { type: "string", description };
    }
    schemas[`Thing${index}`] = { type: "object", required: ["field0"], properties };
  }
  schemas["Things"] = {
    type: "object",
    properties: Object.fromEntries(
      Object.keys(schemas).map((name) => [
        name.toLowerCase(),
        { $ref: `#/components/schemas/${name}` },
      ]),
    ),
  };
  return {
    openapi: "3.1.0",
    info: { title: "Wide", version: "1.0.0", license: { name: "MIT", identifier: "MIT" } },
    servers: [{ url: "https://wide.example.net" }],
    security: [{ apiKey: [] }],
    paths: {
      "/things": {
        get: {
          summary: "Every thing",
          operationId: "listThings",
          responses: {
            "200": {
              description: "The things.",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Things" } } },
            },
            "400": { description: "Bad request." },
          },
        },
      },
    },
    components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer" } }, schemas },
  };
}
