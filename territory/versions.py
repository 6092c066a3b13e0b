"""Version numbers of tables, bumped by every write to them: keys for what is computed from them.

`territory_tile_version` holds one number per table, raised by a statement-level trigger
(`territory.tiles.install_version_triggers`, run after every migrate), so any write, even raw SQL
or a bulk update, changes the key of the vector tiles and of the figures cached from the tables.
"""

from django.db import connection


def tables_version(tables: list[str]) -> int:
    """The sum of the version numbers of these tables, bumped by every write to any of them
    (`install_version_triggers`): a key for anything computed from them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(sum(version), 0) FROM territory_tile_version "
            "WHERE table_name = ANY(%s)",
            [tables],
        )
        return int(cursor.fetchone()[0])
