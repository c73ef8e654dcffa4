import type { Plugin } from "@redocly/openapi-core";
import { declareSecurity } from "./declare-security.js";
import { PLUGIN_ID } from "./fix-messages.js";
import { nullableRefs } from "./nullable-refs.js";
import { parseStringExamples } from "./parse-string-examples.js";
import { patchSchema } from "./patch-schema.js";
import { removeParameter } from "./remove-parameter.js";
import { renameProperty } from "./rename-property.js";

/**
 * The project's Redocly plugin: decorators that repair declared vendor spec defects at bundle time,
 * each configured per API in redocly.yaml as `api-clients/<name>` (see the README, "Declared spec
 * fixes"). Every decorator first checks that its defect is still there and reports an error once
 * the vendor fixed it, so stale fixes get removed instead of silently rewriting a correct spec.
 */
export default function apiClientsFixes(): Plugin {
  return {
    id: PLUGIN_ID,
    decorators: {
      oas3: {
        "parse-string-examples": parseStringExamples,
        "rename-property": renameProperty,
        "patch-schema": patchSchema,
        "declare-security": declareSecurity,
        "remove-parameter": removeParameter,
        "nullable-refs": nullableRefs,
      },
    },
  };
}
