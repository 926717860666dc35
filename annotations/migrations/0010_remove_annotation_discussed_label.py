"""No stored "Discussed at …" label: the reader reads it from the meetings that discussed a
thread (meetings.Meeting.discussed), so unticking one takes it off."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0009_placeholders_become_source_authors"),
    ]

    operations = [
        migrations.RemoveField(model_name="annotation", name="discussed_label"),
    ]
