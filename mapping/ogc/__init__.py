"""OGC API - Features (Part 1: core, GeoJSON, OpenAPI 3.0) over the layers of the catalogue."""
