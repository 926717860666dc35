"""Agenda passages and reading ranges remember the revision their paragraph numbers count in,
so a corrected text can move them along (meetings.revisions). Existing ones were chosen in
their reading's current text."""

import django.db.models.deletion
from django.db import migrations, models


def stamp_current_revisions(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    for meeting in Meeting.objects.exclude(document=None).select_related("document"):
        current = meeting.document.current_revision_id
        Meeting.objects.filter(pk=meeting.pk).update(revision_id=current)
        meeting.items.exclude(start_ordinal=None).update(revision_id=current)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("texts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="agendaitem",
            name="revision",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="texts.revision",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="revision",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="texts.revision",
            ),
        ),
        migrations.RunPython(stamp_current_revisions, migrations.RunPython.noop),
    ]
