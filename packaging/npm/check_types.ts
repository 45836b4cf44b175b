// Type-checked (tsc --noEmit) in the fresh npm project by .ci/run: validate's
// first argument is one of the type names, and the schemas are types.
import { validate, validateJson, type Schemas, type TypeName, type ValidationError } from "pickyassist-schema";

const errors: ValidationError[] = validate("PushRequest", {});
const fromText: ValidationError[] = validateJson("PushRequest", "{}");
const name: TypeName = "WebhookMessage";
// @ts-expect-error "PushReqest" is not a type name
validate("PushReqest", {});
const application: Schemas["PushRequest"]["application"] = 1;
export { errors, fromText, name, application };
