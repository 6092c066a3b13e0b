"""Files for QGIS: GeoJSON, CSV, the GeoPackage atlas and the CNIG ZONE_URBA shapefile."""
