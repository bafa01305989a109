"""The API reference read from an OpenAPI document: types written out for a reader."""

from apps.opendata import apidocs

DOCUMENT = {
    "info": {"title": "Test API", "version": "1", "description": "About it."},
    "paths": {
        "/api/v1/things/": {
            "get": {
                "operationId": "things_list",
                "summary": "List things",
                "parameters": [
                    {
                        "name": "kind",
                        "in": "query",
                        "description": "kind",
                        "schema": {"type": "string", "enum": ["a", "b"]},
                    },
                    {
                        "name": "page",
                        "in": "query",
                        "required": False,
                        "description": "A page number.",
                        "schema": {"type": "integer"},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/PaginatedThingList"}
                            }
                        },
                    },
                    "404": {
                        "description": "No such page.",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                },
            }
        },
        "/api/v1/things/{slug}/": {
            "get": {
                "operationId": "things_retrieve",
                "parameters": [
                    {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {},
            }
        },
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["slug"],
                "properties": {
                    "slug": {"type": "string", "description": "Its address."},
                    "tags": {"type": "array", "items": {"$ref": "#/components/schemas/TagEnum"}},
                    "opened": {"type": "string", "format": "date", "nullable": True},
                    "kind": {
                        "oneOf": [
                            {"$ref": "#/components/schemas/KindEnum"},
                            {"$ref": "#/components/schemas/NullEnum"},
                        ]
                    },
                },
            },
            "TagEnum": {"enum": ["x", "y", None], "type": "string"},
        }
    },
}


def test_operations_parameters_and_responses_are_read_from_the_document():
    reference = apidocs.reference(DOCUMENT)
    assert reference.title == "Test API"
    listing, one = reference.operations
    assert listing.label == "GET /api/v1/things/"
    assert listing.example == "/api/v1/things/"
    assert one.example == ""  # needs a slug
    kind, page = listing.parameters
    assert kind.description == ""  # drf-spectacular's echo of the name is dropped
    assert kind.type.values == ["a", "b"]
    assert page.description == "A page number." and not page.required
    assert [(r.status, r.type.link) for r in listing.responses] == [
        ("200", "PaginatedThingList"),
        ("404", "Error"),
    ]


def test_types_are_written_out_with_links_to_named_formats():
    tag, thing = apidocs.reference(DOCUMENT).models  # by name
    fields = {p.name: p for p in thing.properties}
    assert fields["slug"].required and fields["slug"].description == "Its address."
    assert fields["tags"].type.text == "list of TagEnum"
    assert fields["tags"].type.link == "TagEnum"
    assert fields["opened"].type.text == "string (date) or null"
    assert fields["kind"].type.text == "KindEnum or NullEnum"
    assert fields["kind"].type.link == ""  # two named formats: neither is linked alone
    assert tag.values == ["x", "y"] and tag.anchor == "schema-TagEnum"
