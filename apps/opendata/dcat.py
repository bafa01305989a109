"""The catalogue as DCAT (W3C Data Catalog Vocabulary) in JSON-LD, for harvesters such
as data.gov.uk's and CKAN's DCAT harvesters."""

from django.urls import reverse

from apps.opendata.downloads import ATTRIBUTION, CONTENT_TYPES, LICENCE_URL

FORMAT_NAMES = {"csv": "CSV", "json": "JSON", "geojson": "GeoJSON"}


CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}
PUBLISHER = {
    "@type": "foaf:Organization",
    "foaf:name": "Newcastle City Council and Gateshead Council",
}


def _contact(site_name, contact_email):
    return {
        "@type": "vcard:Organization",
        "vcard:fn": f"{site_name} team",
        "vcard:hasEmail": {"@id": f"mailto:{contact_email}"},
    }


def _nodes(dataset, last_updated, site_url, contact):
    """The dataset's node and one for each of its parts."""
    return [
        _dataset(dataset, last_updated, site_url, PUBLISHER, contact),
        *_parts(dataset, last_updated, site_url, PUBLISHER, contact),
    ]


def catalogue(entries, *, site_url, site_name, contact_email):
    """`entries` are (dataset, last_updated) pairs."""
    api = {
        "@id": site_url + reverse("api:api-root"),
        "@type": "dcat:DataService",
        "dct:title": f"{site_name} open data API",
        "dcat:endpointURL": {"@id": site_url + reverse("api:api-root")},
        "dcat:endpointDescription": {"@id": site_url + reverse("api:schema")},
        "dct:license": {"@id": LICENCE_URL},
        "dcat:servesDataset": [
            {"@id": f"{site_url}/data/#{dataset.name}"} for dataset, _ in entries
        ],
    }
    contact = _contact(site_name, contact_email)
    return {
        "@context": CONTEXT,
        "@id": f"{site_url}/data/",
        "@type": "dcat:Catalog",
        "dct:title": f"{site_name} open data",
        "dct:description": (
            "Open data published by the Newcastle and Gateshead tech-sector strategy portal."
        ),
        "dct:publisher": PUBLISHER,
        "dct:license": {"@id": LICENCE_URL},
        "dcat:service": [api],
        "dcat:dataset": [
            node
            for dataset, last_updated in entries
            for node in _nodes(dataset, last_updated, site_url, contact)
        ],
    }


def dataset_document(dataset, last_updated, *, site_url, site_name, contact_email):
    """One dataset and its parts, as its own page carries them: the same nodes, with the
    same identifiers, as in the catalogue."""
    return {
        "@context": CONTEXT,
        "@graph": _nodes(dataset, last_updated, site_url, _contact(site_name, contact_email)),
    }


def _dataset(dataset, last_updated, site_url, publisher, contact):
    node = {
        "@id": f"{site_url}/data/#{dataset.name}",
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.name,
        "dct:title": dataset.title,
        "dct:description": dataset.description,
        "dct:publisher": publisher,
        "dcat:contactPoint": contact,
        "dct:license": {"@id": LICENCE_URL},
        "dct:rights": ATTRIBUTION,
        "dct:accrualPeriodicity": {"@id": dataset.frequency_uri},
        "dcat:keyword": list(dataset.keywords),
        "dcat:landingPage": {"@id": site_url + reverse("opendata:dataset", args=[dataset.name])},
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dct:title": f"{dataset.title} ({FORMAT_NAMES[fmt]})",
                "dct:format": FORMAT_NAMES[fmt],
                "dcat:mediaType": CONTENT_TYPES[fmt].split(";")[0],
                "dcat:downloadURL": {
                    "@id": site_url + reverse("opendata:download", args=[dataset.name, fmt])
                },
                "dcat:accessURL": {
                    "@id": site_url + reverse("opendata:download", args=[dataset.name, fmt])
                },
                "dct:license": {"@id": LICENCE_URL},
            }
            for fmt in dataset.formats
        ]
        + [
            {
                "@type": "dcat:Distribution",
                "dct:title": f"{dataset.title} ({feed.title})",
                "dct:format": feed.format_name,
                "dcat:mediaType": feed.media_type,
                "dcat:downloadURL": {"@id": site_url + reverse(feed.url_name)},
                "dcat:accessURL": {"@id": site_url + reverse(feed.url_name)},
                "dct:license": {"@id": LICENCE_URL},
            }
            for feed in dataset.feeds
        ]
        + [
            {
                "@type": "dcat:Distribution",
                "dct:title": f"{dataset.title} (API)",
                "dcat:mediaType": "application/json",
                "dcat:accessURL": {"@id": site_url + reverse(f"api:{dataset.name}-list")},
                "dcat:accessService": {"@id": site_url + reverse("api:api-root")},
                "dct:license": {"@id": LICENCE_URL},
            }
        ],
    }
    if last_updated is not None:
        node["dct:modified"] = {"@value": last_updated.isoformat(), "@type": "xsd:dateTime"}
    return node


def _parts(dataset, last_updated, site_url, publisher, contact):
    """A dataset's parts as datasets of their own, each part of its parent."""
    if dataset.parts is None:
        return []
    api = site_url + reverse(f"api:{dataset.name}-list")
    nodes = []
    for part in dataset.parts():
        node = {
            "@id": f"{site_url}/data/#{part.name}",
            "@type": "dcat:Dataset",
            "dct:identifier": part.name,
            "dct:title": part.title,
            "dct:description": part.description,
            "dct:isPartOf": {"@id": f"{site_url}/data/#{dataset.name}"},
            "dct:publisher": publisher,
            "dcat:contactPoint": contact,
            "dct:license": {"@id": LICENCE_URL},
            "dct:rights": ATTRIBUTION,
            "dct:accrualPeriodicity": {"@id": dataset.frequency_uri},
            "dcat:keyword": list(dataset.keywords),
            "dcat:landingPage": {
                "@id": site_url + reverse("opendata:dataset", args=[dataset.name]) + f"#{part.name}"
            },
            "dcat:distribution": [
                {
                    "@type": "dcat:Distribution",
                    "dct:title": f"{part.title} ({FORMAT_NAMES[fmt]})",
                    "dct:format": FORMAT_NAMES[fmt],
                    "dcat:mediaType": CONTENT_TYPES[fmt].split(";")[0],
                    "dcat:downloadURL": {"@id": site_url + path},
                    "dcat:accessURL": {"@id": site_url + path},
                    "dct:license": {"@id": LICENCE_URL},
                }
                for fmt, path in part.downloads
            ]
            + [
                {
                    "@type": "dcat:Distribution",
                    "dct:title": f"{part.title} (API)",
                    "dcat:mediaType": "application/json",
                    "dcat:accessURL": {"@id": f"{api}?{part.api_query}"},
                    "dcat:accessService": {"@id": site_url + reverse("api:api-root")},
                    "dct:license": {"@id": LICENCE_URL},
                }
            ],
        }
        if last_updated is not None:
            node["dct:modified"] = {"@value": last_updated.isoformat(), "@type": "xsd:dateTime"}
        nodes.append(node)
    return nodes
