"""Leaflet maps rendered with folium, served without any CDN."""
