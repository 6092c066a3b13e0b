"""What every folium map of the project shares: the base map, local assets, the page's parts.

The town map (mapping.webmap) and the farm maps (land_use.webmap) are built on it, so it lives
below both of them.
"""
