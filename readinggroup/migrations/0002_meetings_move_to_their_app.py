"""Meetings and agenda items are now the meetings app's (meetings/migrations/0001_initial): the
readinggroup app forgets them without touching their tables."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('readinggroup', '0001_initial'),
        ('meetings', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='AgendaItem'),
                migrations.DeleteModel(name='Meeting'),
            ],
            database_operations=[],
        ),
    ]
