from django.db import migrations

# One version number per table a layer reads, bumped once per statement by a trigger
# (territory/tiles.py installs it on each layer's tables after every migrate), so a bulk
# update(), the admin and raw SQL invalidate the cached tiles as a service does.
CREATE = """
CREATE TABLE territory_tile_version (
    table_name text PRIMARY KEY,
    version bigint NOT NULL DEFAULT 0
);
CREATE OR REPLACE FUNCTION territory_bump_tile_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO territory_tile_version AS v (table_name, version) VALUES (TG_TABLE_NAME, 1)
    ON CONFLICT (table_name) DO UPDATE SET version = v.version + 1;
    RETURN NULL;
END $$;
"""
DROP = """
DROP FUNCTION IF EXISTS territory_bump_tile_version() CASCADE;
DROP TABLE IF EXISTS territory_tile_version;
"""


class Migration(migrations.Migration):
    dependencies = [("territory", "0001_initial")]
    operations = [migrations.RunSQL(CREATE, DROP)]
