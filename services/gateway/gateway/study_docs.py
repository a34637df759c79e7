"""The native action route documented per study: each study's declared context becomes a JSON
Schema in the OpenAPI document, with an example body, so a study's backend developers (and the
clients generated from the document) see its fields, types, ranges and choices.

The same declarations validate requests (rldomain.declared.ContextField.problem): the document
and the check cannot drift apart. One path serves every study, so the body is an `anyOf` of the
studies' shapes and the examples are named by study.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rldomain.declared import MISSING_MARKER, ContextField
from rldomain.study import Study

ACTION_OPERATION = ("/v1/studies/{study_id}/actions", "post")
_TYPES = {"bool": "boolean", "int": "integer", "float": "number", "str": "string"}


def _scalar(kind: str, field: ContextField) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": _TYPES[kind]}
    if field.min is not None:
        schema["minimum"] = field.min
    if field.max is not None:
        schema["maximum"] = field.max
    if field.choices is not None:
        schema["enum"] = list(field.choices)
    return schema


def field_schema(field: ContextField) -> dict[str, Any]:
    """The JSON Schema of one declared field."""
    schema: dict[str, Any]
    if field.type == "list":
        schema = {"type": "array", "items": _scalar(str(field.items), field)}
    else:
        schema = _scalar(field.type, field)
    if field.missing == "allowed":
        schema = {"anyOf": [schema, {"const": MISSING_MARKER}]}
    return {**schema, "description": field.description}


def _example_value(kind: str, field: ContextField) -> Any:
    if field.choices is not None:
        return field.choices[0]
    if kind == "bool":
        return True
    if kind == "str":
        return "text"
    low = field.min if field.min is not None else 0.0
    high = field.max if field.max is not None else low + 2.0
    middle = (low + high) / 2
    return round(middle) if kind == "int" else middle


def example_context(study: Study) -> dict[str, Any]:
    """A context every declared field accepts."""
    return {
        name: [_example_value(str(f.items), f)] if f.type == "list" else _example_value(f.type, f)
        for name, f in study.context.items()
    }


def _body_name(study: Study) -> str:
    return "ActionIn_" + "".join(
        part.capitalize() for part in study.id.replace("-", "_").split("_")
    )


def context_schema(study: Study) -> dict[str, Any]:
    """The `context` of one study's action requests."""
    return {
        "type": "object",
        "title": f"{_body_name(study)}Context",
        "description": f"The fields study {study.id} ({study.name}) declares",
        "properties": {name: field_schema(f) for name, f in study.context.items()},
        "required": list(study.context),
        "additionalProperties": False,
    }


def action_body(study: Study, generic: dict[str, Any]) -> dict[str, Any]:
    """The native action request of one study; `generic` is the route's own body schema, whose
    participant_id and decision_index it keeps. Its context is a schema of its own, so that
    generated clients name it (ActionInMiwavesContext)."""
    properties: dict[str, Any] = {
        "participant_id": generic["properties"]["participant_id"],
        "context": {"$ref": f"#/components/schemas/{_body_name(study)}Context"},
    }
    required = ["participant_id", "context"]
    if not study.schedule.scheduled:
        # The generic schema lets it be null (scheduled studies); here it is required.
        index = generic["properties"]["decision_index"]["anyOf"][0]
        properties["decision_index"] = index
        required.append("decision_index")
    return {
        "type": "object",
        "title": _body_name(study),
        "description": f"An action request of study {study.id} ({study.name})",
        "x-study": study.id,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _example_body(study: Study) -> dict[str, Any]:
    body: dict[str, Any] = {"participant_id": "p001", "context": example_context(study)}
    if not study.schedule.scheduled:
        body["decision_index"] = 0
    return body


def type_action_bodies(document: dict[str, Any], studies: Iterable[Study]) -> None:
    """Replace the generic body of requestAction by the deployed studies' own, in place."""
    studies = sorted(studies, key=lambda s: s.id)
    if not studies:
        return
    schemas = document["components"]["schemas"]
    path, method = ACTION_OPERATION
    content = document["paths"][path][method]["requestBody"]["content"]["application/json"]
    generic = schemas.pop(content["schema"]["$ref"].rsplit("/", 1)[-1])
    for study in studies:
        schemas[_body_name(study)] = action_body(study, generic)
        schemas[f"{_body_name(study)}Context"] = context_schema(study)
    content["schema"] = {
        "anyOf": [{"$ref": f"#/components/schemas/{_body_name(s)}"} for s in studies]
    }
    content["examples"] = {
        s.id: {"summary": f"{s.name}: an action request", "value": _example_body(s)}
        for s in studies
    }
