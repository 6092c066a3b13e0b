
import django.db.models.deletion
from django.db import migrations, models


COPY_LINKS_WITH_SHARES = """
WITH measured AS (
    SELECT link.proposal_id, link.zone_id,
        CASE ST_Dimension(p.geometry)
            WHEN 0 THEN 1.0
            WHEN 1 THEN ST_Length(ST_Intersection(
                ST_Transform(p.geometry, c.projected_srid), ST_Transform(z.geometry, c.projected_srid)))
            ELSE ST_Area(ST_Intersection(
                ST_Transform(p.geometry, c.projected_srid), ST_Transform(z.geometry, c.projected_srid)))
        END AS measure
    FROM mapping_proposal_zones link
    JOIN mapping_proposal p ON p.id = link.proposal_id
    JOIN territory_commune c ON c.id = p.commune_id
    JOIN land_use_zone z ON z.id = link.zone_id
),
kept AS (SELECT * FROM measured WHERE measure > 0),
totals AS (SELECT proposal_id, SUM(measure) AS total FROM kept GROUP BY proposal_id)
INSERT INTO mapping_proposalzone (proposal_id, zone_id, share)
SELECT kept.proposal_id, kept.zone_id, ROUND((100 * kept.measure / totals.total)::numeric, 2)
FROM kept JOIN totals USING (proposal_id)
"""

COPY_LINKS_BACK = """
INSERT INTO mapping_proposal_zones (proposal_id, zone_id)
SELECT proposal_id, zone_id FROM mapping_proposalzone
"""


class Migration(migrations.Migration):

    dependencies = [
        ('land_use', '0002_parcel_history_uploads_farmer_applications'),
        ('mapping', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProposalZone',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('share', models.DecimalField(decimal_places=2, max_digits=5, verbose_name='share (%)')),
                ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='zone_shares', to='mapping.proposal', verbose_name='proposal')),
                ('zone', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='proposal_shares', to='land_use.zone', verbose_name='land-use zone')),
            ],
            options={
                'verbose_name': 'share of a proposal in a zone',
                'verbose_name_plural': 'shares of proposals in zones',
                'ordering': ['-share', 'zone__libelle'],
            },
        ),
        # Django cannot add `through` to an existing many-to-many field in place: the links
        # are copied into the new table with their shares, measured like
        # mapping.services.zone_shares does (in the commune's projected CRS), then the old
        # field goes and the new one, held by ProposalZone, takes its name.
        migrations.RunSQL(COPY_LINKS_WITH_SHARES, reverse_sql=COPY_LINKS_BACK),
        migrations.RemoveField(model_name='proposal', name='zones'),
        migrations.AddField(
            model_name='proposal',
            name='zones',
            field=models.ManyToManyField(blank=True, related_name='proposals', through='mapping.ProposalZone', to='land_use.zone', verbose_name='land-use zones it touches'),
        ),
        migrations.AddConstraint(
            model_name='proposalzone',
            constraint=models.UniqueConstraint(fields=('proposal', 'zone'), name='proposal_zone_once'),
        ),
        migrations.AddConstraint(
            model_name='proposalzone',
            constraint=models.CheckConstraint(condition=models.Q(('share__gte', 0), ('share__lte', 100)), name='proposal_zone_share_percent', violation_error_message='A share is a percentage between 0 and 100.'),
        ),
    ]
