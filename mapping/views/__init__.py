"""Pages of the participatory map, one module per part (the map and proposals; the review and
consultations come beside them). Views stay thin: selectors read, services write."""
