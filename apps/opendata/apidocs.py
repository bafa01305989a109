"""The API reference at /api/v1/docs/, read from the OpenAPI schema (decision 0054).

The page is server-rendered by a template from what reference() returns, so it is part
of the site like any other page: our own stylesheet, no script, the strict CSP, and the
same accessibility checks. Everything it says comes from the schema that drf-spectacular
generates from the API's code, so the reference cannot drift from the API.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "head", "options", "post", "put", "patch", "delete")


@dataclass
class Parameter:
    name: str
    where: str  # path, query or header
    required: bool
    type: "Type"
    description: str


@dataclass
class Response:
    status: str
    description: str
    type: "Type | None"


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: list
    responses: list
    example: str  # a path to try in the browser, or "" when it needs a value

    @property
    def label(self):
        return f"{self.method.upper()} {self.path}"


@dataclass
class Type:
    """A schema written out for a reader: text, plus the named schema it links to."""

    text: str
    link: str = ""  # the name of a schema under "Response formats", if any
    values: list = field(default_factory=list)  # allowed values of an enumeration


@dataclass
class Property:
    name: str
    type: Type
    required: bool
    description: str


@dataclass
class Model:
    name: str
    anchor: str
    description: str
    properties: list
    values: list  # an enumeration's values (then properties is empty)


@dataclass
class Reference:
    title: str
    version: str
    description: str
    operations: list
    models: list


@lru_cache(maxsize=1)
def schema():
    """The API's OpenAPI schema as a dict, generated once per process from the code."""
    return SchemaGenerator().get_schema(request=None, public=True)


def anchor(name):
    return "schema-" + name


def _name(ref):
    return ref.rsplit("/", 1)[-1]


def describe(spec):
    """A Type for one schema object: "string", "integer or null", "list of Space"…"""
    if not spec:
        return Type("any")
    if "$ref" in spec:
        return Type(_name(spec["$ref"]), link=_name(spec["$ref"]))
    for combiner in ("allOf", "oneOf", "anyOf"):
        if combiner in spec:
            parts = [describe(part) for part in spec[combiner]]
            joiner = " and " if combiner == "allOf" else " or "
            named = [p for p in parts if p.link]
            return Type(
                joiner.join(p.text for p in parts),
                link=named[0].link if len(named) == 1 else "",
                values=[v for p in parts for v in p.values],
            )
    kind = spec.get("type", "object")
    if kind == "array":
        inner = describe(spec.get("items", {}))
        text = f"list of {inner.text}"
        return Type(text, link=inner.link, values=inner.values)
    if kind == "object" and "additionalProperties" in spec:
        inner = describe(spec["additionalProperties"] or {})
        return Type(f"object of {inner.text}", link=inner.link)
    text = kind
    if spec.get("format"):
        text += f" ({spec['format']})"
    if spec.get("nullable"):
        text += " or null"
    values = [str(v) for v in spec.get("enum", []) if v is not None]
    return Type(text, values=values)


def _parameters(operation):
    return [
        Parameter(
            name=p["name"],
            where=p["in"],
            required=bool(p.get("required")),
            type=describe(p.get("schema", {})),
            # drf-spectacular repeats the name when a filter has no help text.
            description="" if p.get("description", "") == p["name"] else p.get("description", ""),
        )
        for p in operation.get("parameters", [])
    ]


def _responses(operation):
    found = []
    for status, response in sorted(operation.get("responses", {}).items()):
        content = response.get("content", {})
        body = next(iter(content.values()), {}).get("schema") if content else None
        found.append(
            Response(
                status=status,
                description=response.get("description", ""),
                type=describe(body) if body else None,
            )
        )
    return found


def _operations(paths):
    operations = []
    for path, item in paths.items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            operations.append(
                Operation(
                    method=method,
                    path=path,
                    anchor=operation.get("operationId", f"{method}-{path}"),
                    summary=operation.get("summary", ""),
                    description=operation.get("description", ""),
                    parameters=_parameters(operation),
                    responses=_responses(operation),
                    example="" if "{" in path else path,
                )
            )
    return operations


def _models(components):
    models = []
    for name, spec in sorted(components.get("schemas", {}).items()):
        required = set(spec.get("required", []))
        properties = [
            Property(
                name=prop,
                type=describe(value),
                required=prop in required,
                description=value.get("description", ""),
            )
            for prop, value in spec.get("properties", {}).items()
        ]
        models.append(
            Model(
                name=name,
                anchor=anchor(name),
                description=spec.get("description", ""),
                properties=properties,
                values=[str(v) for v in spec.get("enum", []) if v is not None],
            )
        )
    return models


def reference(document=None):
    """Everything the docs page shows, from the schema (or a given OpenAPI document)."""
    document = schema() if document is None else document
    info = document.get("info", {})
    return Reference(
        title=info.get("title", ""),
        version=info.get("version", ""),
        description=info.get("description", ""),
        operations=_operations(document.get("paths", {})),
        models=_models(document.get("components", {})),
    )
