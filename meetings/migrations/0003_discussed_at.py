"""The threads a meeting discussed, reachable from a thread (Annotation.discussed_at): the reader
shows "Discussed at …" from the meetings themselves."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0009_placeholders_become_source_authors"),
        ("meetings", "0002_passages_follow_the_text"),
    ]

    operations = [
        migrations.AlterField(
            model_name="meeting",
            name="discussed",
            field=models.ManyToManyField(
                blank=True, related_name="discussed_at", to="annotations.annotation"
            ),
        ),
    ]
