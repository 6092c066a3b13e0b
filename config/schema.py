"""The OpenAPI document says what the API really sends (drf-spectacular postprocessing hook).

drf-spectacular describes each view from its serializers; three things it cannot know are put
right here, in one place, after the document is generated:

- A page of a layer is one GeoJSON FeatureCollection (`type`, `count`, `next`, `previous`,
  `features`): drf-spectacular nests the layer's whole FeatureCollection inside the page's
  `features` and still requires DRF's `results`.
- Every refusal is JSON written by the one error handler (config/api_errors.py): `{"detail":
  sentence}`, or the refused fields each with their sentences. Each status an operation can
  answer is documented with that body: a bad query or body (400), a wrong token (401), a
  refusal (403), an unknown object or page (404), a method it does not take (405), a
  representation it cannot give (406), too many writes (429), a database that is away (503);
  writes also a conflict (409), a changed or missing version (412, 428), a body too large
  (413) or of another type (415).
- Reads are public: a read operation accepts no credentials at all, whatever its permission
  class (the layers' own classes let every reader in, which drf-spectacular cannot see).
"""

from http import HTTPStatus

ERROR_SCHEMA_NAME = "Error"
ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "A refusal, in the language of the request (French by default): `detail` holds the "
        "sentence; a refused body lists instead each refused field with its sentences."
    ),
    "properties": {"detail": {"type": "string"}},
    # A field's sentences; a nested body's (a feature's `properties`) are an object in turn.
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "string"},
            {"type": "object"},
        ]
    },
}
READ_METHODS = {"get", "head", "options"}
ANY_REQUEST_ERRORS = (400, 401, 403, 404, 405, 406, 429, 503)
WRITE_ERRORS = (409, 412, 413, 415, 428)


def _resolve(document: dict, schema: dict) -> dict:
    reference = schema.get("$ref", "")
    if reference.startswith("#/components/schemas/"):
        return document["components"]["schemas"][reference.rsplit("/", 1)[1]]
    return schema


def _flatten_feature_pages(document: dict) -> None:
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        properties = schema.get("properties", {})
        if not (name.startswith("Paginated") and "features" in properties):
            continue
        collection = _resolve(document, properties["features"])
        features = collection.get("properties", {}).get("features")
        if features is None:
            continue
        properties["features"] = features
        properties["type"] = {"type": "string", "enum": ["FeatureCollection"]}
        schema["required"] = ["type", "count", "next", "previous", "features"]


def _document_errors(operation: dict, method: str) -> None:
    responses = operation.setdefault("responses", {})
    codes = ANY_REQUEST_ERRORS if method in READ_METHODS else ANY_REQUEST_ERRORS + WRITE_ERRORS
    body = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}}}
    for code in codes:
        entry = responses.setdefault(str(code), {"description": HTTPStatus(code).phrase})
        entry.setdefault("content", body)
        entry["description"] = entry.get("description") or HTTPStatus(code).phrase
    for code in ("429", "503"):
        responses[code].setdefault(
            "headers",
            {
                "Retry-After": {
                    "schema": {"type": "integer"},
                    "description": "Seconds to wait before trying again.",
                }
            },
        )


def _public_reads(operation: dict, method: str) -> None:
    security = operation.get("security")
    if method in READ_METHODS and security is not None and {} not in security:
        security.append({})


def postprocess(result: dict, generator, request, public) -> dict:
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_SCHEMA_NAME] = ERROR_SCHEMA
    _flatten_feature_pages(result)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            _document_errors(operation, method)
            _public_reads(operation, method)
    return result
