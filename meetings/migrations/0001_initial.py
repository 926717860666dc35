"""Meetings and agenda items move here from the readinggroup app: their tables stay as they are
(the models name them), so this only tells Django the models are now this app's, and moves their
content types (and so their permissions) along."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["meeting", "agendaitem"]


def move_content_types(apps, schema_editor, old="readinggroup", new="meetings"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        # A fresh database has none yet; one migrated before has the old app's.
        if not ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, old="meetings", new="readinggroup")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('readinggroup', '0001_initial'),
        ('annotations', '0005_annotation_discussed_label'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('groups', '0002_group_premoderate_new_members_and_more'),
        ('texts', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Meeting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200)),
                        ('starts_at', models.DateTimeField(verbose_name='starts')),
                        ('duration_minutes', models.PositiveSmallIntegerField(default=90, verbose_name='duration (minutes)')),
                        ('place', models.CharField(blank=True, help_text='A room, or an address.', max_length=300)),
                        ('link', models.URLField(blank=True, verbose_name='video link')),
                        ('range_start', models.PositiveIntegerField(blank=True, help_text='From paragraph.', null=True)),
                        ('range_end', models.PositiveIntegerField(blank=True, help_text='To paragraph.', null=True)),
                        ('notes', models.TextField(blank=True, help_text='After the meeting: what was said (Markdown).')),
                        ('notes_html', models.TextField(blank=True)),
                        ('cancelled_at', models.DateTimeField(blank=True, null=True)),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('discussed', models.ManyToManyField(blank=True, related_name='+', to='annotations.annotation')),
                        ('document', models.ForeignKey(blank=True, help_text='The reading assignment.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='texts.document')),
                        ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='groups.group')),
                    ],
                    options={
                        'db_table': 'readinggroup_meeting',
                        'ordering': ['starts_at'],
                    },
                ),
                migrations.CreateModel(
                    name='AgendaItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveIntegerField()),
                        ('start_ordinal', models.PositiveIntegerField(blank=True, null=True)),
                        ('end_ordinal', models.PositiveIntegerField(blank=True, null=True)),
                        ('prompt', models.TextField(blank=True, help_text='The question to put to the group (Markdown).')),
                        ('prompt_html', models.TextField(blank=True)),
                        ('minutes', models.PositiveSmallIntegerField(default=10)),
                        ('facilitator_notes', models.TextField(blank=True, help_text='Only facilitators and admins ever see these.')),
                        ('threads', models.ManyToManyField(blank=True, related_name='+', to='annotations.annotation')),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='meetings.meeting')),
                    ],
                    options={
                        'db_table': 'readinggroup_agendaitem',
                        'ordering': ['meeting', 'position'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='meeting',
                    constraint=models.CheckConstraint(condition=models.Q(('range_start__isnull', True), ('range_end__isnull', True), ('range_start__lte', models.F('range_end')), _connector='OR'), name='meeting_range_in_order'),
                ),
                migrations.AddConstraint(
                    model_name='meeting',
                    constraint=models.CheckConstraint(condition=models.Q(('duration_minutes__gte', 5), ('duration_minutes__lte', 1440)), name='meeting_lasts'),
                ),
                migrations.AddConstraint(
                    model_name='agendaitem',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('end_ordinal__isnull', True), ('start_ordinal__isnull', True)), ('start_ordinal__lte', models.F('end_ordinal')), _connector='OR'), name='agenda_item_passage_in_order'),
                ),
            ],
            database_operations=[
                migrations.RunPython(move_content_types, move_content_types_back),
            ],
        ),
    ]
