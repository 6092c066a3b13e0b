"""Vector tiles (Mapbox Vector Tile) of every layer of the catalogue, made by PostGIS.

The rows are the catalogue's: `Layer.rows(commune, user)` compiled by Django and wrapped, values
kept as parameters (as territory/geojson.py does), so a tile shows what that person may see on
the map and nothing else. Its properties are `fid` (the row's id, also the feature id, for the
map's popups) and the layer's public map columns; a personal column is never in a tile.

Tiles stay small (no tile over MAX_TILE_BYTES) and quick to draw: at low zoom areas are
simplified to a pixel and those smaller than a few pixels dropped; points (and the layers mixing
points, lines and areas) are gathered below CLUSTER_BELOW_ZOOM on a grid of CLUSTER_CELLS x
CLUSTER_CELLS cells per tile, as map clusterers do: a cell holding one feature gives that
feature as it is, a cell holding more a point with their `count`. A tile over MAX_TILE_FEATURES
rows (counted first, in the same SQL) or MAX_TILE_BYTES is made as clusters whatever its layer.

Tiles are kept in the shared cache alias "tiles" under (layer, version, audience, z, x, y). The
version is the sum of the versions of the tables the layer reads, each bumped by a
statement-level trigger (`install_version_triggers`, run after every migrate), so any write,
even raw SQL, changes the key. The version is read before the tile is made: a tile can only be
newer than its key, never older.
"""

import contextlib
import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import connection

from territory.catalogue import Layer
from territory.versions import tables_version

MAX_ZOOM = 22
EXTENT = 4096
BUFFER = 64
MAX_TILE_BYTES = 500 * 1024
# Below this zoom points are clustered; below the next, areas simplified and thinned out.
CLUSTER_BELOW_ZOOM = 17
GENERALISE_BELOW_ZOOM = 14
# 16 cells a side: a cell is 16 screen pixels, under two proposals' dots side by side.
CLUSTER_CELLS = 16
# More rows than this in a tile and it is made as clusters without trying it whole first.
MAX_TILE_FEATURES = 8000
# Areas under this many square pixels are dropped when generalising.
MIN_AREA_PIXELS = 4
# Half the circumference of the Earth in Web Mercator metres.
MERCATOR_HALF = 20037508.342789244
POINT_TYPES = ("Point", "MultiPoint", "Unknown")


@dataclass(frozen=True)
class Tile:
    """A tile's bytes (empty when it holds no feature) and its ETag."""

    content: bytes
    etag: str


def tile_in_range(z: int, x: int, y: int) -> bool:
    return 0 <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z


def clustered(layer: Layer, z: int) -> bool:
    return layer.geometry_type in POINT_TYPES and z < CLUSTER_BELOW_ZOOM


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _rows_query(layer: Layer, commune, user):
    """The layer's visible rows with `id`, the geometry and the public map columns."""
    rows = layer.annotate(layer.rows(commune, user), layer.map_columns())
    names = ["id", layer.geometry_field, *(c.name for c in layer.map_columns())]
    # No order: a tile's features need none, and an ORDER BY sorted every row of a crowded
    # tile before its count could stop one past the limit.
    return rows.order_by().values(*names)


# The tables of each layer, by key: compiling the layer's query to find them costs more than
# serving a cached tile, and the catalogue does not change while the app runs.
_tables: dict[str, list[str]] = {}


def layer_tables(layer: Layer) -> list[str]:
    """The tables the layer's tile query reads (an edit to any of them changes its tiles)."""
    if layer.key not in _tables:
        query = _rows_query(layer, None, AnonymousUser()).query
        compiler = query.get_compiler(connection=connection)
        with contextlib.suppress(EmptyResultSet):  # a layer matching nothing still has tables
            compiler.as_sql()
        _tables[layer.key] = sorted({alias.table_name for alias in query.alias_map.values()})
    return _tables[layer.key]


def _as_mvt(name: str) -> str:
    """The bytes of the features of the CTE `name` (parameters: the layer's key, EXTENT)."""
    return (
        f"(SELECT ST_AsMVT({name}.*, %s, %s, 'mvt_geom', 'id') FROM {name} "
        "WHERE mvt_geom IS NOT NULL)"
    )


def tile_sql(layer: Layer, z: int, x: int, y: int, *, commune, user, cluster: bool):
    """SQL and parameters returning the tile's bytes (NULL when no feature falls in it) and
    whether they are clusters.

    With `cluster`, clusters. Otherwise the rows are counted first, by the spatial index, one
    past MAX_TILE_FEATURES at most, and a tile over them comes as clusters from the same
    statement: each branch is a subquery PostgreSQL runs only when the CASE reaches it.
    """
    inner_sql, inner_params = _rows_query(layer, commune, user).query.sql_with_params()
    geometry = f"t.{_quoted(layer.geometry_field)}"
    tile_width = 2 * MERCATOR_HALF / 2**z
    pixel = tile_width / EXTENT
    # Not materialised: read by several parts, a materialised envelope would hide its value
    # from the planner, and the spatial index would not be used.
    bounds = (
        "bounds AS NOT MATERIALIZED (SELECT ST_TileEnvelope(%s, %s, %s) AS env, "
        "ST_Transform(ST_TileEnvelope(%s, %s, %s, margin => %s), 4326) AS filter)"
    )
    bounds_params = [z, x, y, z, x, y, BUFFER / EXTENT]
    rows = f"({inner_sql}) AS t, bounds WHERE {geometry} && bounds.filter"
    names = [_quoted(c.name) for c in layer.map_columns()]
    properties = "".join(f", t.{name}" for name in names)
    mvt_params = [layer.key, EXTENT]

    # Clusters carry `count` and no column (ST_AsMVT leaves NULL values out); a feature alone
    # in its cell keeps its geometry and columns, and no `count`.
    nulls = "".join(f", NULL AS {name}" for name in names)
    alone = "".join(f", pts.{name}" for name in names)
    clusters = (
        f"pts AS (SELECT t.id, {geometry} AS g{properties}, "
        f"ST_Transform(ST_PointOnSurface({geometry}), 3857) AS p FROM {rows}), "
        "cells AS (SELECT min(id) AS fid, count(*) AS count, ST_Centroid(ST_Collect(p)) AS p "
        "FROM pts GROUP BY ST_SnapToGrid(p, %s)), "
        f"clusters AS (SELECT fid AS id, fid, count{nulls}, "
        "ST_AsMVTGeom(p, bounds.env, %s, %s, true) AS mvt_geom "
        "FROM cells, bounds WHERE count > 1 "
        f"UNION ALL SELECT pts.id, pts.id, NULL{alone}, "
        "ST_AsMVTGeom(ST_Transform(pts.g, 3857), bounds.env, %s, %s, true) "
        "FROM pts JOIN cells ON cells.fid = pts.id AND cells.count = 1, bounds)"
    )
    cluster_params = [*inner_params, tile_width / CLUSTER_CELLS, EXTENT, BUFFER, EXTENT, BUFFER]
    if cluster:
        sql = f"WITH {bounds}, {clusters} SELECT {_as_mvt('clusters')}, true"
        return sql, [*bounds_params, *cluster_params, *mvt_params]

    projected = f"ST_Transform({geometry}, 3857)"
    kept, kept_params = "", []
    if z < GENERALISE_BELOW_ZOOM:
        # Areas smaller than a few pixels vanish; what is left loses the vertices a pixel hides.
        kept = f" AND (ST_Dimension({geometry}) < 2 OR ST_Area({projected}) >= %s)"
        kept_params = [MIN_AREA_PIXELS * pixel * pixel]
        projected = f"ST_SimplifyPreserveTopology({projected}, %s)"
    whole = (
        f"whole AS (SELECT t.id, t.id AS fid{properties}, "
        f"ST_AsMVTGeom({projected}, bounds.env, %s, %s, true) AS mvt_geom FROM {rows}{kept})"
    )
    whole_params = [
        *([pixel] if z < GENERALISE_BELOW_ZOOM else []),
        EXTENT,
        BUFFER,
        *inner_params,
        *kept_params,
    ]
    crowded = (
        f"crowded AS (SELECT count(*) > %s AS yes FROM (SELECT 1 FROM {rows} LIMIT %s) AS counted)"
    )
    crowded_params = [MAX_TILE_FEATURES, *inner_params, MAX_TILE_FEATURES + 1]
    sql = (
        f"WITH {bounds}, {crowded}, {clusters}, {whole} "
        f"SELECT CASE WHEN (SELECT yes FROM crowded) THEN {_as_mvt('clusters')} "
        f"ELSE {_as_mvt('whole')} END, (SELECT yes FROM crowded)"
    )
    params = [
        *bounds_params,
        *crowded_params,
        *cluster_params,
        *whole_params,
        *mvt_params,
        *mvt_params,
    ]
    return sql, params


@dataclass(frozen=True)
class Rendered:
    """A tile as PostGIS made it, and whether as clusters."""

    content: bytes
    clustered: bool


def render(layer: Layer, z: int, x: int, y: int, *, commune=None, user=None) -> Rendered:
    """The tile made by PostGIS, without the cache; as clusters when too large otherwise.

    A tile over MAX_TILE_FEATURES rows comes as clusters from its own SQL; one over
    MAX_TILE_BYTES once made is made again as clusters.
    """
    content, as_clusters = _run(
        layer, z, x, y, commune=commune, user=user, cluster=clustered(layer, z)
    )
    if len(content) > MAX_TILE_BYTES and not as_clusters:
        content, as_clusters = _run(layer, z, x, y, commune=commune, user=user, cluster=True)
    return Rendered(content=content, clustered=as_clusters)


def render_tile(layer: Layer, z: int, x: int, y: int, *, commune=None, user=None) -> bytes:
    return render(layer, z, x, y, commune=commune, user=user).content


def _run(layer, z, x, y, *, commune, user, cluster) -> tuple[bytes, bool]:
    """The tile's bytes (empty when no feature falls in it) and whether they are clusters."""
    try:
        sql, params = tile_sql(layer, z, x, y, commune=commune, user=user, cluster=cluster)
    except EmptyResultSet:  # rows that can match nothing
        return b"", cluster
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        content, as_clusters = cursor.fetchone()
    return (bytes(content) if content is not None else b""), bool(as_clusters)


def layer_version(layer: Layer) -> int:
    """The sum of the version numbers of the layer's tables (each only grows)."""
    return tables_version(layer_tables(layer))


def audience(user) -> str:
    """Whose rows a tile shows: the public's, or one signed-in person's (their own hidden or
    unpublished proposals, a planner's view of every proposal)."""
    if user is None or not user.is_authenticated:
        return "public"
    return f"user-{user.pk}"


def tile_key(layer: Layer, z: int, x: int, y: int, *, commune, user) -> str:
    commune_part = commune.insee if commune is not None else "all"
    return f"tile:{layer.key}:{layer_version(layer)}:{audience(user)}:{commune_part}:{z}:{x}:{y}"


def etag_for(key: str) -> str:
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def cached_key_and_etag(layer, z, x, y, *, commune, user) -> tuple[str, str]:
    key = tile_key(layer, z, x, y, commune=commune, user=user)
    return key, etag_for(key)


def tile(layer: Layer, z: int, x: int, y: int, *, commune=None, user=None) -> Tile:
    """The tile from the shared cache, made and kept there when missing."""
    key, etag = cached_key_and_etag(layer, z, x, y, commune=commune, user=user)
    cache = caches["tiles"]
    content = cache.get(key)
    if content is None:
        content = render_tile(layer, z, x, y, commune=commune, user=user)
        cache.set(key, content)
    return Tile(content=content, etag=etag)


def install_version_triggers(using="default", **kwargs) -> None:
    """The statement-level trigger bumping the tile version, on every table a layer reads.

    Run after every migrate (territory's AppConfig), so a new layer's tables get it too.
    """
    from django.db import connections

    from territory.catalogue import layers

    db = connections[using]
    tables = sorted({table for entry in layers() for table in layer_tables(entry)})
    with db.cursor() as cursor:
        cursor.execute("SELECT to_regclass('territory_tile_version') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return
        for table in tables:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
            if not cursor.fetchone()[0]:
                continue
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER territory_tile_version AFTER INSERT OR UPDATE OR "
                f"DELETE OR TRUNCATE ON {_quoted(table)} FOR EACH STATEMENT "
                "EXECUTE FUNCTION territory_bump_tile_version()"
            )
