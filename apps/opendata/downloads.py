"""Whole-dataset downloads, streamed row by row from a server-side cursor, so memory
stays flat however large the dataset grows."""

import csv
import json

from django.db.models import QuerySet
from rest_framework.utils.encoders import JSONEncoder

from apps.core.web.spreadsheet import csv_cell

LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
}


def representations(dataset):
    """Each published row as its serializer represents it, fetched chunk by chunk."""
    # One serializer instance for every row: binding fields per row is the slow part.
    serializer = dataset.serializer()
    rows = dataset.rows()
    if isinstance(rows, QuerySet):
        rows = rows.iterator(chunk_size=dataset.chunk_size)
    for obj in rows:
        yield obj, serializer.to_representation(obj)


class _Echo:
    def write(self, value):
        return value


def stream_csv(dataset):
    writer = csv.writer(_Echo())
    names = list(dataset.serializer().fields)
    yield writer.writerow(names)
    for _, row in representations(dataset):
        yield writer.writerow([csv_cell(row[name]) for name in names])


def _dumps(value):
    return json.dumps(value, cls=JSONEncoder, ensure_ascii=False)


def _stream_json_document(head, items):
    """`head` as a JSON object whose last key is a list, streamed from `items`."""
    opening = _dumps(head)
    assert opening.endswith("[]}")
    yield opening[:-2] + "\n"
    first = True
    for item in items:
        yield ("" if first else ",\n") + _dumps(item)
        first = False
    yield "\n]}\n"


def _metadata(dataset, site_url):
    return {
        "dataset": dataset.name,
        "title": dataset.title,
        "source": f"{site_url}/data/#{dataset.name}",
        "licence": LICENCE_URL,
        "attribution": ATTRIBUTION,
    }


def stream_json(dataset, site_url):
    head = {**_metadata(dataset, site_url), "rows": []}
    return _stream_json_document(head, (row for _, row in representations(dataset)))


def stream_geojson(dataset, site_url):
    def features():
        for obj, row in representations(dataset):
            point = dataset.geometry(obj)
            feature = {"type": "Feature"}
            if dataset.lookup_field:
                feature["id"] = row[dataset.lookup_field]
            feature["geometry"] = {"type": "Point", "coordinates": list(point)} if point else None
            feature["properties"] = row
            yield feature

    head = {"type": "FeatureCollection", **_metadata(dataset, site_url), "features": []}
    return _stream_json_document(head, features())


def stream(dataset, fmt, site_url):
    if fmt == "csv":
        return stream_csv(dataset)
    if fmt == "json":
        return stream_json(dataset, site_url)
    return stream_geojson(dataset, site_url)
