"""The open-data URLs, mounted by strategy_portal/urls.py: the catalogue and downloads
("opendata", /data/) and the REST API ("api", /api/v1/)."""
